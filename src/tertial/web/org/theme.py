"""The municipality's graphic profile in the web app: a generated stylesheet that lays its colour over
Designsystemet's accent tokens, its logo and its font. Files, not inline styles, so the strict CSP
holds; each URL carries a version (`?v=`) and an ETag, so a browser fetches them once per change."""

import hashlib
from dataclasses import dataclass

from csp.decorators import csp_replace
from django.db.models.functions import Length
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.views.decorators.http import require_safe

from tertial.core.colours import colour_scale
from tertial.web import pagecache

from .models import Municipality

CACHE_SECONDS = 24 * 3600  # the URLs are versioned: a change gets a new URL at once
# The logo is the municipality's own file: an SVG may carry styles, never a script (it is shown as an
# image, but a user can also open its URL).
LOGO_CSP = {"default-src": ["'none'"], "style-src": ["'unsafe-inline'"], "img-src": ["data:"], "script-src": ["'none'"]}


FONT_TYPES = {b"wOF2": "font/woff2", b"wOFF": "font/woff", b"OTTO": "font/otf"}  # by the file's magic bytes


@dataclass(frozen=True)
class Theme:
    municipality_name: str
    colour: str
    logo_type: str
    logo_bytes: int
    font_name: str

    @property
    def version(self) -> str:
        """Changes whenever what the theme files serve changes (the logo by type and size)."""
        key = f"{self.colour}|{self.logo_type}|{self.logo_bytes}|{self.font_name}"
        return hashlib.sha256(key.encode()).hexdigest()[:12]


def theme_get() -> Theme:
    row = (
        Municipality.objects.annotate(logo_len=Length("theme_logo"))
        .values("name", "theme_colour", "theme_logo_type", "theme_font_name", "logo_len")
        .first()
    )
    if row is None:
        return Theme("", "", "", 0, "")
    return Theme(
        municipality_name=row["name"],
        colour=row["theme_colour"],
        logo_type=row["theme_logo_type"] if row["logo_len"] else "",
        logo_bytes=row["logo_len"] or 0,
        font_name=row["theme_font_name"],
    )


def theme_css_text(*, colour: str, font_url: str = "", font_name: str = "") -> str:
    """The stylesheet: the colour's scale as Designsystemet's accent tokens (light scheme)."""
    lines = ["/* Tertial: the municipality's graphic profile over Designsystemet's tokens (generated). */"]
    if font_url and font_name:
        family = font_name.replace('"', "")
        lines.append(f'@font-face {{ font-family: "{family}"; src: url("{font_url}"); font-display: swap; }}')
        lines.append(f':root {{ --ds-font-family: "{family}", "DejaVu Sans", system-ui, sans-serif; }}')
    if colour:
        scale = colour_scale(colour)
        body = "\n".join(f"  --ds-color-accent-{name}: {value};" for name, value in scale.tokens.items())
        lines.append(f':root, [data-color-scheme="light"] {{\n{body}\n}}')
    return "\n".join(lines) + "\n"


def _cached(request: HttpRequest, body: bytes, content_type: str) -> HttpResponse:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@require_safe
def theme_css(request: HttpRequest) -> HttpResponse:
    theme = theme_get()
    font_url = f"{reverse('theme-font')}?v={theme.version}" if theme.font_name else ""
    text = theme_css_text(colour=theme.colour, font_url=font_url, font_name=theme.font_name)
    return _cached(request, text.encode(), "text/css; charset=utf-8")


@require_safe
@csp_replace(LOGO_CSP)
def theme_logo(request: HttpRequest) -> HttpResponse:
    m = Municipality.objects.only("theme_logo", "theme_logo_type").first()
    if m is None or not m.theme_logo:
        raise Http404("Kommunen har ingen logo")
    return _cached(request, bytes(m.theme_logo), m.theme_logo_type)


@require_safe
def theme_font(request: HttpRequest) -> HttpResponse:
    m = Municipality.objects.only("theme_font", "theme_font_name").first()
    if m is None or not m.theme_font:
        raise Http404("Kommunen har ingen egen skrift")
    data = bytes(m.theme_font)
    return _cached(request, data, FONT_TYPES.get(data[:4], "font/ttf"))


def theme(request: HttpRequest) -> dict[str, object]:
    """Context processor: the municipality's name, whether it has a logo, and the theme's version
    (for the `?v=` of the stylesheet and logo URLs in base.html)."""
    # cached per data version: the theme service writes an audit entry, which bumps it (pagecache)
    t = pagecache.cached("theme", (), theme_get, version=pagecache.request_data_version(request))
    return {"municipality_name": t.municipality_name, "theme": t}
