"""The municipality's graphic profile in the web app: /tema.css maps its colour onto Designsystemet's
accent tokens with readable contrast; the logo is served as a file with its type, ETag and cache."""

from tertial.core.colours import WHITE, colour_scale, contrast_ratio
from tertial.web.org.services import municipality_set, municipality_theme_set

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text y="9">Testvik</text></svg>'


def test_text_on_the_colour_and_links_meet_wcag_aa_for_light_and_dark_colours():
    for colour in ("#0b6e4f", "#ffd400", "#e0e0e0", "#6a1b9a", "#000000", "#ff0000"):
        s = colour_scale(colour)
        for background in ("base-default", "base-hover", "base-active"):
            assert contrast_ratio(s["base-contrast-default"], s[background]) >= 4.5, (colour, background)
        assert contrast_ratio(s["text-subtle"], WHITE) >= 4.5 and contrast_ratio(s["text-default"], WHITE) >= 7
        assert contrast_ratio(s["border-default"], WHITE) >= 3.0
    assert colour_scale("#ffd400")["base-contrast-default"] == "#000000"  # yellow takes black text
    assert colour_scale("#0b6e4f")["base-contrast-default"] == "#ffffff"


def test_the_theme_stylesheet_and_logo_are_cached_files(db, client):
    municipality_set(name="Testvik kommune", org_number="", chief_executive_name="", actor="test")
    municipality_theme_set(colour="#0B6E4F", logo=SVG, logo_type="image/svg+xml", actor="test")
    css = client.get("/tema.css")
    assert css["Content-Type"].startswith("text/css") and "max-age" in css["Cache-Control"]
    text = css.content.decode()
    assert "--ds-color-accent-base-default: #0b6e4f;" in text
    assert "--ds-color-accent-base-contrast-default: #ffffff;" in text
    assert client.get("/tema.css", headers={"If-None-Match": css["ETag"]}).status_code == 304
    logo = client.get("/tema/logo")
    assert logo.content == SVG and logo["Content-Type"] == "image/svg+xml"
    assert "script-src 'none'" in logo["Content-Security-Policy"]
    page = client.get("/vedtak/").content.decode()
    assert 'src="/tema/logo?v=' in page and 'alt="Testvik kommune"' in page and 'href="/tema.css?v=' in page
    municipality_theme_set(colour="", logo=b"", actor="test")
    assert client.get("/tema/logo").status_code == 404
    assert "--ds-color-accent" not in client.get("/tema.css").content.decode()
    assert "/tema/logo" not in client.get("/vedtak/").content.decode()
