import pytest

from tertial.web.demo import demo_dir
from tertial.web.imports import ImportRequest, import_file
from tertial.web.investments.imports import DEMO_FILES
from tertial.web.org.services import municipality_set


@pytest.fixture
def levanger_investments(db):
    """The Levanger 2024 organisation and this app's (SYNTHETIC) demo files, nothing else."""
    municipality_set(name="Levanger kommune", org_number="938587418", chief_executive_name="Peter Ardon")
    base = demo_dir()
    import_file("org", ImportRequest(base / "org.csv", year=2024))
    for kind, name, period in DEMO_FILES:
        import_file(kind, ImportRequest(base / name, year=2024, period=period))
    return 2024


@pytest.fixture
def put(tmp_path):
    """put(kind, name, text, period=None) → import receipt for a small file written to tmp_path."""

    def _put(kind: str, name: str, text: str, period: int | None = None) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return import_file(kind, ImportRequest(path, year=2024, period=period))

    return _put
