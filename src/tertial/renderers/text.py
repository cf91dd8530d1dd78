"""Free text from users and imports (comments, causes, measures) as the renderers lay it out.

A blank line separates paragraphs; a single line break stays a line break (a lead-in followed by
"- januar – mars 2024: 419 timer …" lines must not run together into one line). Every renderer
goes through `paragraphs`, so HTML, PDF and Word break the same text at the same places.
"""

import re

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[list[str]]:
    """The paragraphs of `text`, each a list of its lines (trailing spaces and empty ones dropped)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for block in _BLANK_LINE.split(text):
        lines = [line.rstrip() for line in block.strip("\n").split("\n")]
        lines = [line for line in lines if line.strip()]
        if lines:
            out.append(lines)
    return out


def lines(text: str) -> list[str]:
    """The lines of a one-paragraph text (a consequence, a measure), blank lines dropped."""
    return [line for para in paragraphs(text) for line in para]
