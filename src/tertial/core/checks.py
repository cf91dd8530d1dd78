"""The consistency checker: re-derives every total, deviation and percentage of a status table.

It checks two kinds of table with one set of rules:
- a computed table in exact øre (tolerance 0: anything off is a defect), and
- a printed table in rounded units (e.g. "tall i 1000 kr"), where a total may legitimately differ
  from the sum of the rounded rows by rounding alone. The tolerance is the largest possible rounding
  effect: each of n rounded summands is off by at most ½ unit and the printed total by ½ more, so
  |printed total − Σ printed rows| ≤ (n + 1) / 2. A percentage is accepted if some pair of exact
  values that round to the printed regnskap and budsjett gives it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .money import ratio_percent, round_half_up
from .status import RowKind, StatusTable

COLUMNS = ("actual", "budget", "forecast", "deviation")
COLUMN_LABELS = {
    "actual": "Regnskap",
    "budget": "Budsjett inkl. endring",
    "usage_percent": "Forbruk",
    "forecast": "Prognose",
    "deviation": "Avvik",
}


@dataclass(frozen=True)
class FigureRow:
    """One row as it stands in a table, whether computed or printed."""

    label: str
    kind: RowKind
    group: str | None  # the sector a unit row belongs to, or the sector a subtotal row closes
    actual: int
    budget: int
    forecast: int
    deviation: int
    usage_percent: Decimal | None
    # Columns a printed table leaves empty in this row (e.g. no forecast at year end): nothing to check
    # there, and a subtotal is not checked in a column one of its rows leaves empty. Names as COLUMNS,
    # and "usage_percent".
    blank: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Mismatch:
    row: str
    column: str
    shown: object
    expected: object
    rule: str

    def __str__(self) -> str:
        return (
            f"{self.row} / {COLUMN_LABELS.get(self.column, self.column)}: står {self.shown}, "
            f"skulle vært {self.expected} ({self.rule})"
        )


def figure_rows(table: StatusTable, percent_places: int = 1) -> list[FigureRow]:
    """A computed table as figure rows (exact øre; percentages rounded as they are printed)."""
    rows = []
    for r in table.rows:
        pct = r.usage_percent
        rows.append(
            FigureRow(
                label=f"{r.code} {r.name}".strip() if r.kind is RowKind.UNIT else r.name,
                kind=r.kind,
                group=r.sector_code,
                actual=r.actual,
                budget=r.budget,
                forecast=r.forecast,
                deviation=r.deviation,
                usage_percent=None if pct is None else round_half_up(pct, percent_places),
            )
        )
    return rows


def _percent_range(actual: int, budget: int, half: Fraction) -> tuple[Fraction, Fraction] | None:
    """Smallest and largest actual/budget·100 for exact values within ±half of the shown ones."""
    lo_b, hi_b = budget - half, budget + half
    if lo_b <= 0 <= hi_b:
        return None  # the budget may be zero or change sign: any percentage is possible
    corners = [Fraction(a) * 100 / b for a in (actual - half, actual + half) for b in (lo_b, hi_b)]
    return min(corners), max(corners)


def _check_percent(row: FigureRow, rounded: bool, places: int) -> Mismatch | None:
    shown = row.usage_percent
    if not rounded:
        exact = ratio_percent(row.actual, row.budget)
        expected = None if exact is None else round_half_up(exact, places)
        if shown != expected:
            return Mismatch(row.label, "usage_percent", shown, expected, "forbruk = regnskap / budsjett")
        return None
    if row.budget == 0 and shown is None:
        return None
    rng = _percent_range(row.actual, row.budget, Fraction(1, 2))
    if rng is None:
        return None
    if shown is None:
        return Mismatch(row.label, "usage_percent", None, "en prosent", "forbruk = regnskap / budsjett")
    step = Fraction(1, 10**places) / 2
    lo, hi = rng
    if not lo - step <= Fraction(shown) <= hi + step:
        mid = round_half_up(Decimal(row.actual) * 100 / Decimal(row.budget), places)
        return Mismatch(row.label, "usage_percent", shown, mid, "forbruk = regnskap / budsjett")
    return None


def check_figures(rows: Sequence[FigureRow], *, rounded: bool, percent_places: int = 1) -> list[Mismatch]:
    """Every mismatch in the table; an empty list means every figure re-derives."""
    found: list[Mismatch] = []
    units = [r for r in rows if r.kind is RowKind.UNIT]

    for row in rows:
        expected_dev = row.budget - row.forecast
        if not row.blank & {"budget", "forecast", "deviation"} and abs(row.deviation - expected_dev) > (
            1 if rounded else 0
        ):
            found.append(Mismatch(row.label, "deviation", row.deviation, expected_dev, "avvik = budsjett − prognose"))
        pct = (
            None if row.blank & {"actual", "budget", "usage_percent"} else _check_percent(row, rounded, percent_places)
        )
        if pct:
            found.append(pct)

    def check_sum(row: FigureRow, parts: list[FigureRow], rule: str) -> None:
        tolerance = Fraction(len(parts) + 1, 2) if rounded else 0
        for col in COLUMNS:
            if col in row.blank or any(col in p.blank for p in parts):
                continue
            expected = sum(getattr(p, col) for p in parts)
            if abs(getattr(row, col) - expected) > tolerance:
                found.append(Mismatch(row.label, col, getattr(row, col), expected, rule))

    for row in rows:
        if row.kind is RowKind.SECTOR:
            check_sum(row, [u for u in units if u.group == row.group], "delsum = summen av enhetene")
        elif row.kind is RowKind.TOTAL:
            check_sum(row, units, "total = summen av alle enheter")
    return found


def status_check(table: StatusTable) -> list[Mismatch]:
    """Check a computed table exactly (it is right by construction; this guards the construction)."""
    return check_figures(figure_rows(table), rounded=False)


# --- The § 5-4 and § 5-5 overviews as printed ------------------------------------------------------


@dataclass(frozen=True)
class SignedRow:
    """A row of an appropriation overview as it is printed, in the chosen sign convention (øre)."""

    key: str
    label: str
    actual: int
    budget: int
    forecast: int
    deviation: int
    parts: tuple[str, ...] = ()  # the keys of the printed rows a sum adds up


def signed_overview_check(rows: Sequence[SignedRow], *, income_positive: bool) -> list[Mismatch]:
    """Re-derive a printed overview in its own convention: every sum is the plain sum of its printed
    parts (in either convention, since the whole table carries one sign), and every deviation is the
    printed prognose − budsjett when income is positive (a surplus positive), budsjett − prognose when
    net expenditure is positive; in both, a positive deviation improves the result."""
    found: list[Mismatch] = []
    by_key = {r.key: r for r in rows}
    for row in rows:
        for part in row.parts:
            if part not in by_key:
                found.append(Mismatch(row.label, "linje", part, "en linje i oversikten", "delsummen viser til linjer"))
        if row.parts and all(p in by_key for p in row.parts):
            for col in COLUMNS:
                expected = sum(getattr(by_key[p], col) for p in row.parts)
                if getattr(row, col) != expected:
                    found.append(Mismatch(row.label, col, getattr(row, col), expected, "delsum = summen av linjene"))
        expected_dev = row.forecast - row.budget if income_positive else row.budget - row.forecast
        rule = "avvik = prognose − budsjett (inntekt positiv)" if income_positive else "avvik = budsjett − prognose"
        if row.deviation != expected_dev:
            found.append(Mismatch(row.label, "deviation", row.deviation, expected_dev, rule))
    return found
