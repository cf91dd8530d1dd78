"""Template filters that hand figures to the one Norwegian formatter (renderers/numbers.py)."""

from django import template

from tertial.renderers import numbers

register = template.Library()


@register.filter
def thousands(ore: int) -> str:
    return numbers.thousands(ore)


@register.filter
def percent(value) -> str:
    return numbers.percent(value)


@register.filter
def kroner(ore: int) -> str:
    return numbers.kroner(ore)
