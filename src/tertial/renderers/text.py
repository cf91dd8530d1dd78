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


CONSEQUENCE_LABEL = "Konsekvens hvis tiltakene ikke gjennomføres:"
# The unit's own lead-in, e.g. "Konsekvens hvis ikke disse tiltakene iverksettes: …" (imported text).
_OWN_CONSEQUENCE_LABEL = re.compile(r"(Konsekvens(?:er)?\b[^:\n]{0,80}:)[ \t]*", re.IGNORECASE)


def consequence(text: str) -> tuple[str, str]:
    """(label, text) for a comment's consequence: the unit's own lead-in when its text starts with one,
    so the label is never printed twice («Konsekvens hvis tiltakene ikke gjennomføres: Konsekvens hvis
    ikke …»); otherwise the report's label."""
    m = _OWN_CONSEQUENCE_LABEL.match(text)
    if m:
        return m.group(1), text[m.end() :]
    return CONSEQUENCE_LABEL, text


def measures_after_cause(cause: str) -> bool:
    """True when the cause ends with a lead-in to the measures («For å redusere overforbruket jobbes
    skolen med:»): the list then follows it directly, under that lead-in and not under a label of ours."""
    return cause.rstrip().endswith(":")


def measure_parts(text: str, facts: list[str]) -> tuple[str, str, str]:
    """(text, facts, end) of a measure. The unit's wording is never touched: after a sentence that
    ends («… økt sykefravær.») the facts are a sentence of their own in brackets («(Iverksatt.)»),
    never run on into it («sykefravær., iverksatt»); after a text without a full stop, «(iverksatt)»."""
    body = text.rstrip()
    if not facts:
        return body, "", ""
    joined = ", ".join(facts)
    if body.endswith((".", "!", "?", ":")):
        return body, f"({joined[:1].upper()}{joined[1:]}.)", ""
    return body, f"({joined})", ""


def measure_line(text: str, facts: list[str]) -> str:
    body, extra, end = measure_parts(text, facts)
    return f"{body} {extra}{end}" if extra else body
