"""Template filters for the content pages; every figure goes through renderers/numbers.py."""

from django import template

from tertial.core.periods import MONTHS_NB
from tertial.renderers import numbers

register = template.Library()


@register.filter
def percent2(value) -> str:
    return numbers.percent(value, 2)


@register.filter
def change(value) -> str:
    return numbers.change_percent(value)


@register.filter
def indicator_value(value, measure: str) -> str:
    return numbers.indicator_value(value, measure)


@register.filter
def month_name(month: int) -> str:
    return MONTHS_NB[month - 1]


@register.filter
def date_nb(value) -> str:
    return numbers.date_nb(value) if value else ""


@register.filter
def at(seq, index: int):
    return seq[index]
