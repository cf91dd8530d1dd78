"""The municipality's graphic profile (core.document.Theme) checked once for every renderer: a colour
goes into CSS and Office XML, a font name into CSS, so only well-formed values pass."""

import re

from tertial.core import document as d


def theme_colour(theme: d.Theme) -> str:
    """The theme's colour when it is a well-formed #rrggbb (it goes into CSS and Office XML), else ""."""
    return theme.colour.lower() if re.fullmatch(r"#[0-9a-fA-F]{6}", theme.colour or "") else ""


def theme_font_name(theme: d.Theme) -> str:
    """The font's family name when there is a font file and the name is plain text, else ""."""
    if not theme.font or not re.fullmatch(r"[\w .-]{1,100}", theme.font_name or ""):
        return ""
    return theme.font_name
