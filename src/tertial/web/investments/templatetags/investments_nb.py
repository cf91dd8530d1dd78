"""Template filters for the investment pages; every figure goes through renderers/numbers.py."""

from django import template

from tertial.core.periods import MONTHS_NB
from tertial.renderers import numbers

from ..models import STATUS_CHOICES

register = template.Library()
_LABELS = dict(STATUS_CHOICES)


@register.filter
def thousands_or_dash(ore: int | None) -> str:
    """An øre amount in 1000 kr, or a dash when there is none (a project without a frame)."""
    return numbers.EMPTY if ore is None else numbers.thousands(ore)


@register.filter
def status_label(status) -> str:
    return str(_LABELS.get(getattr(status, "value", status), status))


@register.filter
def date_or_dash(d) -> str:
    return numbers.EMPTY if d is None else numbers.date_nb(d)


@register.filter
def month_label(month: int) -> str:
    return MONTHS_NB[month - 1]
