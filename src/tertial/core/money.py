"""Money: integer øre everywhere; rounding happens only for display.

The general-ledger export carries øre, so øre is the one unit of storage and computation: sums of
øre are exact on every database, and a subtotal is always the sum of unrounded values.
"""

from decimal import ROUND_HALF_UP, Decimal

ORE_PER_KRONE = 100


def kroner(amount: int | Decimal | str) -> int:
    """Whole or fractional kroner (exact) to øre. Refuses fractions of an øre."""
    d = Decimal(amount) * ORE_PER_KRONE
    if d != d.to_integral_value():
        raise ValueError(f"{amount} kr har mer enn to desimaler")
    return int(d)


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    """Round half away from zero, as Norwegian accounting prints figures (2,5 → 3; −2,5 → −3)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def in_units(ore: int, unit_kroner: int = 1000) -> int:
    """An øre amount shown in whole units of `unit_kroner` kroner (1000 = "tall i 1000 kr")."""
    return int(round_half_up(Decimal(ore) / (ORE_PER_KRONE * unit_kroner)))


def ratio_percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator in percent, unrounded; None when the denominator is zero.

    A negative denominator (a unit budgeted with net income) gives a negative percentage, as the
    source report prints it ("630 Drift og anlegg ... −36,3 %").
    """
    if denominator == 0:
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)
