"""Template filters of the finance pages; every figure goes through renderers/numbers.py."""

from django import template

from tertial.core.document import Figure
from tertial.renderers import numbers

register = template.Library()


@register.filter
def figure(value: Figure) -> str:
    return numbers.figure(value)


@register.filter
def percent2(value) -> str:
    return numbers.percent(value, 2)


@register.filter
def date_nb(value) -> str:
    return numbers.date_nb(value) if value else ""


@register.filter
def count_nb(value) -> str:
    return numbers.decimal(value)
