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


def to_kroner(ore: int) -> Decimal:
    """Exact kroner with two decimals, for machine-readable output (CSV, JSON, XLSX cells)."""
    return (Decimal(ore) / ORE_PER_KRONE).quantize(Decimal("0.01"))


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    """Round half away from zero, as Norwegian accounting prints figures (2,5 → 3; −2,5 → −3)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def in_units(ore: int, unit_kroner: int = 1000) -> int:
    """An øre amount shown in whole units of `unit_kroner` kroner (1000 = "tall i 1000 kr")."""
    return int(round_half_up(Decimal(ore) / (ORE_PER_KRONE * unit_kroner)))


def ratio_percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator in percent, as signed numbers, unrounded; None when the denominator is zero.

    Forbruk = regnskap / budsjett with their signs, so the sign of the percentage is the product of the
    signs: a unit budgeted with net income (negative budget) that so far has net costs gets a negative
    percentage, as the source report prints it ("630 Drift og anlegg 1 299 / −3 578 = −36,3 %"); one
    that so far has net income too gets a positive one (−40 / −83 = 48,2 %: 48 % of the income is in).
    """
    if denominator == 0:
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)


_SPACES = (" ", "\u00a0", "\u202f")  # space, NO-BREAK SPACE (babel's nb separator), NARROW NO-BREAK SPACE
_MINUS_SIGNS = ("-", "\u2212", "\u2013")  # hyphen-minus, MINUS SIGN (what we print), EN DASH (word processors)


def parse_kroner(text: str) -> int:
    """A kroner amount typed the Norwegian way, to øre: "34 090 000", "34090000", "−1 000,50", "1.000,50".

    Thousands may be grouped with spaces (any kind) or dots; the decimal separator is a comma (at most
    two decimals). Raises ValueError with a Norwegian message on anything else.
    """
    raw = (text or "").strip()
    s = raw.removesuffix("kr").strip()
    for sp in _SPACES:
        s = s.replace(sp, "")
    negative = s[:1] in _MINUS_SIGNS
    if negative:
        s = s[1:]
    if s.count(",") > 1:
        raise ValueError(f"«{raw}» er ikke et beløp: bruk komma som desimaltegn (f.eks. 1 000,50)")
    whole, _, fraction = s.partition(",")
    if "." in whole:
        groups = whole.split(".")
        if not all(len(g) == 3 for g in groups[1:]) or not groups[0]:
            raise ValueError(f"«{raw}» er ikke et beløp: bruk komma som desimaltegn (f.eks. 1 000,50)")
        whole = "".join(groups)
    if not whole.isdigit() or (fraction and not fraction.isdigit()) or ("," in s and not fraction):
        raise ValueError(f"«{raw}» er ikke et beløp i kroner (f.eks. 34 090 000 eller −1 000,50)")
    if len(fraction) > 2:
        raise ValueError(f"«{raw}» har mer enn to desimaler")
    ore = int(whole) * ORE_PER_KRONE + int(fraction.ljust(2, "0") or 0)
    return -ore if negative else ore
