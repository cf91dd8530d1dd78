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


@register.filter
def millions(ore: int) -> str:
    return numbers.millions(ore)


@register.filter
def millions_abs(ore: int) -> str:
    """The size of an amount in millions, for a sentence that says the direction in words."""
    return numbers.millions(abs(ore))


@register.filter
def runs(value) -> str:
    """A one-line text of runs (str, Amount, Percent), each formatted by numbers.run_text."""
    return "".join(numbers.run_text(r) for r in value)
