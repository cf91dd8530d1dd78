import pytest

from tertial.web import demo
from tertial.web.appropriations import imports as appropriation_imports


@pytest.fixture
def levanger(db, monkeypatch):
    """The Levanger demo (March from the seed, April SYNTHETIC) with this app's demo files only, so
    that the other tertial apps' data cannot break these tests."""
    monkeypatch.setattr(demo, "_tertial_files", lambda: list(appropriation_imports.DEMO_FILES))
    demo.demo_load_data()
    return 2024
