import pytest

from tertial.core.errors import DomainError
from tertial.web.org.models import Municipality
from tertial.web.org.services import municipality_theme_set


def test_theme_is_data(levanger):
    m = municipality_theme_set(colour="#1E5AA8", logo=b"<svg/>", logo_type="image/svg+xml")
    m.refresh_from_db()
    assert (m.theme_colour, bytes(m.theme_logo), m.theme_logo_type) == ("#1e5aa8", b"<svg/>", "image/svg+xml")
    with pytest.raises(DomainError, match="#RRGGBB"):
        municipality_theme_set(colour="blue")
    assert Municipality.objects.get().theme_colour == "#1e5aa8"
