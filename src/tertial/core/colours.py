"""A colour scale from one brand colour: the tokens Designsystemet's components read (its «accent»),
each checked against WCAG 2.1 contrast so that text on the colour, links and borders stay readable
whatever colour a municipality picks.

Pure arithmetic on sRGB (#rrggbb in, #rrggbb out); the web app writes the result as CSS custom
properties (tertial.web.org.theme)."""

from dataclasses import dataclass

WHITE = "#ffffff"
BLACK = "#000000"
TEXT_AA = 4.5  # WCAG 2.1 1.4.3, normal text
NON_TEXT_AA = 3.0  # WCAG 2.1 1.4.11, borders of inputs and focus rings


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    if len(h) != 6:
        raise ValueError(f"Fargen må skrives som #RRGGBB, ikke «{hex_colour}»")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance (0 black … 1 white)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, 1 … 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: str, b: str, weight_b: float) -> str:
    """`a` moved `weight_b` (0 … 1) of the way to `b`, per sRGB channel."""
    ra, rb = _rgb(a), _rgb(b)
    red, green, blue = (x + (y - x) * weight_b for x, y in zip(ra, rb, strict=True))
    return _hex((red, green, blue))


def darken_until(colour: str, *, against: str, ratio: float) -> str:
    """`colour`, mixed with black in small steps until it has at least `ratio` contrast with `against`."""
    for step in range(0, 101):
        candidate = mix(colour, BLACK, step / 100)
        if contrast_ratio(candidate, against) >= ratio:
            return candidate
    return BLACK


@dataclass(frozen=True)
class ColourScale:
    """Designsystemet's 16 colour tokens for one colour (light scheme), by token name without the
    `--ds-color-<name>-` prefix."""

    tokens: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.tokens[name]


def colour_scale(base: str) -> ColourScale:
    """The scale of `base` (#rrggbb) for a white page. Text on the base colour (buttons) is white or
    black, whichever contrasts more (one of them always reaches 4.5:1); hover and active move away from
    that text colour so they keep its contrast; text and strong borders on white are darkened until
    they reach 4.5:1 (links, subtle text), default borders 3:1."""
    base = base.lower()
    _rgb(base)
    on_white = contrast_ratio(base, WHITE)
    on_black = contrast_ratio(base, BLACK)
    text_on_base = WHITE if on_white >= on_black else BLACK
    # hover/active: further from the text colour, so text on them only gains contrast
    away = BLACK if text_on_base == WHITE else WHITE
    hover, active = mix(base, away, 0.18), mix(base, away, 0.34)
    contrast_subtle = mix(text_on_base, base, 0.25)
    if contrast_ratio(contrast_subtle, base) < TEXT_AA:
        contrast_subtle = text_on_base
    tinted_bg = mix(base, WHITE, 0.93)
    text_subtle = darken_until(base, against=tinted_bg, ratio=TEXT_AA)
    tokens = {
        "background-default": WHITE,
        "background-tinted": tinted_bg,
        "surface-default": WHITE,
        "surface-tinted": mix(base, WHITE, 0.86),
        "surface-hover": mix(base, WHITE, 0.78),
        "surface-active": mix(base, WHITE, 0.68),
        "border-subtle": mix(base, WHITE, 0.55),
        "border-default": darken_until(base, against=WHITE, ratio=NON_TEXT_AA),
        "border-strong": text_subtle,
        "text-subtle": text_subtle,
        "text-default": darken_until(mix(base, BLACK, 0.55), against=tinted_bg, ratio=7.0),
        "base-default": base,
        "base-hover": hover,
        "base-active": active,
        "base-contrast-subtle": contrast_subtle,
        "base-contrast-default": text_on_base,
    }
    return ColourScale(tokens)
