"""The one Norwegian number formatter: every kroner amount, percentage and date shown to a user
passes through here. Babel's nb locale separates thousands with a NO-BREAK SPACE (U+00A0); the
minus is the locale's minus sign (U+2212), as Norwegian typography prints it."""

from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, get_minus_sign_symbol, parse_pattern

from tertial.core.comments import Measure
from tertial.core.document import Amount, AmountStyle, Figure, FigureKind, Percent
from tertial.core.money import ORE_PER_KRONE, in_units, round_half_up

LOCALE = "nb_NO"
_LOCALE = Locale.parse(LOCALE)
NBSP = "\u00a0"
MINUS = get_minus_sign_symbol(LOCALE)
EMPTY = "–"  # shown where a value does not exist (e.g. forbruk % of a zero budget)


@lru_cache(maxsize=32)
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _fmt(value: int | Decimal, pattern: str = "#,##0") -> str:
    # A parsed pattern applied directly: a third of format_decimal's time, which matters when a page
    # formats hundreds of figures (same output: format_decimal parses the same pattern each call).
    text = _pattern(pattern).apply(value, _LOCALE)
    return text.replace("-", MINUS, 1) if text.startswith("-") else text


def thousands(ore: int) -> str:
    """Whole thousands of kroner: 139 606 123 456 øre → "1 396 061"."""
    return _fmt(in_units(ore, 1000))


def kroner(ore: int) -> str:
    """Whole kroner, '1 234 567'."""
    return _fmt(in_units(ore, 1))


def kroner_exact(ore: int) -> str:
    """Kroner with øre, '1 234 567,50'."""
    return _fmt(Decimal(ore) / ORE_PER_KRONE, "#,##0.00")


def millions(ore: int, places: int = 1) -> str:
    """'62,7 mill.'"""
    value = round_half_up(Decimal(ore) / (ORE_PER_KRONE * 1_000_000), places)
    return f"{_fmt(value, '#,##0.' + '0' * places if places else '#,##0')}{NBSP}mill."


def percent(value: Decimal | None, places: int = 1) -> str:
    """'29,9 %' (NO-BREAK SPACE before the sign); '–' for no value."""
    if value is None:
        return EMPTY
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return f"{_fmt(round_half_up(value, places), pattern)}{NBSP}%"


def date_nb(d: date) -> str:
    return f"{d:%d.%m.%Y}"


def amount(a: Amount) -> str:
    ore = abs(a.ore) if a.absolute else a.ore
    if a.style is AmountStyle.MILLIONS:
        return millions(ore)
    if a.style is AmountStyle.THOUSANDS:
        return thousands(ore)
    return kroner(ore)


def run_text(run: str | Amount | Percent) -> str:
    """A document text run as plain text."""
    if isinstance(run, Amount):
        return amount(run)
    if isinstance(run, Percent):
        return percent(run.value, run.places)
    return run


def decimal(value: Decimal | int | None, places: int = 0) -> str:
    """A plain figure: '1 990', '15,5'; '–' for no value."""
    if value is None:
        return EMPTY
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return _fmt(round_half_up(Decimal(value), places), pattern)


def change_percent(value: Decimal | None, places: int = 0) -> str:
    """A change with its sign: '+34 %', '−3 %' (NO-BREAK SPACE before the sign); '–' for no value."""
    if value is None:
        return EMPTY
    rounded = round_half_up(value, places)
    sign = "+" if rounded > 0 else ""
    return f"{sign}{percent(rounded, places)}"


def indicator_value(value: Decimal | None, measure: str) -> str:
    """An indicator as the seed prints it: '1 990', '15,5 mill. kroner', '1 234 kr', '7,5 %'."""
    if value is None:
        return EMPTY
    if measure == "mill. kroner":
        return f"{decimal(value, 1)}{NBSP}mill. kroner"
    if measure == "kroner":
        return f"{decimal(value)}{NBSP}kr"
    if measure == "prosent":
        return percent(value, 1)
    places = 0 if value == value.to_integral_value() else 1
    return decimal(value, places)


def figure(f: Figure) -> str:
    """A content-table figure (core.document.Figure) as text."""
    if f.kind is FigureKind.PERCENT2:
        return percent(f.value, 2)
    if f.kind is FigureKind.CHANGE:
        return change_percent(f.value)
    if f.kind is FigureKind.THOUSAND_KRONER:
        return decimal(f.value)
    return indicator_value(f.value, f.kind.value)


def measure_facts(m: Measure) -> list[str]:
    """What the report says about a measure besides its text: effect, start, status."""
    facts = []
    if m.effect is not None:
        facts.append(f"effekt {kroner(m.effect)} kr")
    if m.start:
        facts.append(f"fra {date_nb(m.start)}")
    if m.status:
        facts.append(m.status.value)
    return facts
