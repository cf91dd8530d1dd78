from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from tertial.core.completion import Completion, completion_display
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
