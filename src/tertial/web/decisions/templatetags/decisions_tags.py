from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from tertial.core.completion import Completion, closed_precision, completion_display
from tertial.core.decisions import reference_resolve, references_find

register = template.Library()


@register.filter
def decision_links(text: str, index: dict[str, int] | None) -> SafeString:
    """Escape `text` and turn case references found in the register into links."""
    index = index or {}
    out: list[str] = []
    pos = 0
    for start, end, ref in references_find(text):
        pk = reference_resolve(ref, index)
        if pk is None:
            continue
        out.append(escape(text[pos:start]))
        out.append(format_html('<a href="{}">{}</a>', reverse("decisions:case", args=[pk]), text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


@register.filter
def nbdate(value: object) -> str:
    return value.strftime("%d.%m.%Y") if hasattr(value, "strftime") else ""


@register.filter
def completion_range(c: Completion) -> str:
    """The parsed range as dd.mm.yyyy–dd.mm.yyyy (one date when start and end are the same day)."""
    return completion_display(c)


@register.filter
def overdue(point: object, today: object) -> bool:
    return bool(point.is_overdue(today))  # type: ignore[attr-defined]


@register.filter
def closed_display(point: object) -> str:
    """When the point was closed, with the precision the source gave (a month as «januar 2021»)."""
    precision, day, text = closed_precision(point.closed_text, point.closed_on)  # type: ignore[attr-defined]
    if day is None:
        return text
    if precision == "month":  # the month's name in the reader's language: «januar 2021», «January 2021»
        return str(date_format(day, "F Y"))
    return str(day.year) if precision == "year" else day.strftime("%d.%m.%Y")


@register.filter
def case_proposer(case: object) -> str:
    """«Forslag framsatt av …» once per case: the case's proposer, or the one all its points share."""
    if case.proposer:  # type: ignore[attr-defined]
        return str(case.proposer_display)  # type: ignore[attr-defined]
    shown = {p.proposer_display for p in case.points.all() if p.proposer}  # type: ignore[attr-defined]
    return shown.pop() if len(shown) == 1 else ""


@register.filter
def own_proposer(point: object, shared: str) -> str:
    """The point's proposer when it is not the one already said for the case, else ''."""
    if not point.proposer:  # type: ignore[attr-defined]
        return ""
    mine = str(point.proposer_display)  # type: ignore[attr-defined]
    return "" if mine == shared else mine


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, object], **changes: object) -> str:
    """The current filters as a query string with `changes` applied ('' drops a key); the page
    number is dropped unless given, so a new filter starts at page 1."""
    params = {k: v for k, v in dict(context.get("filters") or {}).items() if v}  # type: ignore[call-overload]
    params.pop("side", None)
    for k, v in changes.items():
        if v in ("", None):
            params.pop(k, None)
        else:
            params[k] = v
    return "?" + urlencode(params) if params else "?"
