"""Indicator tables (nøkkeltall): named indicators with yearly or monthly values, and a table that
shows chosen periods side by side with the change in percent.

The change is computed, never copied: change = (last − first) / first × 100. A printed change kept
from the source (the seed's NAV table prints «+ 25 %» for søknader 1 990 → 2 667, which is +34 %)
is shown next to nothing; the checker flags it when it does not match the computed one rounded to
whole percent.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .checks import Mismatch
from .document import Figure, FigureKind, FigureTable, FigureTableRow
from .money import round_half_up

CHANGE_RULE = "endring = (siste − første) / første"
CHANGE_COLUMN = "endring"


class Measure(StrEnum):
    COUNT = "antall"
    KRONER = "kroner"
    MILLION_KRONER = "mill. kroner"
    PERCENT = "prosent"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    measure: Measure
    footnote_mark: str = ""  # "*", "**": printed after the name; the table's notes explain it


@dataclass(frozen=True)
class Value:
    indicator: str  # code
    period: str  # "2023" (year) or "2024-03" (month)
    value: Decimal


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    values: tuple[Decimal | None, ...]  # one per period of the table
    change_percent: Decimal | None  # computed, unrounded
    printed_change: Decimal | None = None  # as the source printed it, if any


@dataclass(frozen=True)
class Table:
    title: str
    periods: tuple[str, ...]
    rows: tuple[Row, ...]
    footnotes: tuple[str, ...] = ()
    source: str = ""


def change_percent(first: Decimal | None, last: Decimal | None) -> Decimal | None:
    """(last − first) / first × 100, unrounded; None when either is missing or first is zero."""
    if first is None or last is None or first == 0:
        return None
    return (last - first) * 100 / abs(first)


def table_build(
    *,
    title: str,
    indicators: Sequence[Indicator],
    periods: Sequence[str],
    values: Sequence[Value],
    printed_changes: dict[str, Decimal] | None = None,
    footnotes: Sequence[str] = (),
    source: str = "",
) -> Table:
    """Indicators in the order given; the change is from the first period to the last."""
    by = {(v.indicator, v.period): v.value for v in values}
    printed = printed_changes or {}
    rows = []
    for ind in indicators:
        vals = tuple(by.get((ind.code, p)) for p in periods)
        change = change_percent(vals[0], vals[-1]) if len(vals) >= 2 else None
        rows.append(Row(ind, vals, change, printed.get(ind.code)))
    return Table(title, tuple(periods), tuple(rows), tuple(footnotes), source)


def indicator_check(table: Table, *, places: int = 0) -> list[Mismatch]:
    """Each printed change against the computed one, rounded to `places` (whole percent, as printed)."""
    found = []
    for row in table.rows:
        if row.printed_change is None:
            continue
        expected = None if row.change_percent is None else round_half_up(row.change_percent, places)
        printed = round_half_up(row.printed_change, places)
        if expected is None or printed != expected:
            rule = CHANGE_RULE
            first, last = row.values[0], row.values[-1]
            # A common slip (the seed's NAV table makes it on every row): dividing by the later value.
            if first is not None and last and round_half_up((last - first) * 100 / abs(last), places) == printed:
                rule += "; den trykte endringen er delt på siste verdi, ikke første"
            found.append(
                Mismatch(
                    f"{table.title}: {row.indicator.name}",
                    "endring",
                    _signed(printed),
                    None if expected is None else _signed(expected),
                    rule,
                )
            )
    return found


def _signed(value: Decimal) -> str:
    """'+34 %', '−3,5 %' for a check message."""
    text = f"{value.normalize():+f}".replace(".", ",").replace("-", "\u2212")
    return f"{text} %"


def table_block(table: Table) -> FigureTable:
    """The report's table: periods as columns, then the computed change; footnotes and source under it."""
    kind = {
        Measure.COUNT: FigureKind.COUNT,
        Measure.KRONER: FigureKind.KRONER,
        Measure.MILLION_KRONER: FigureKind.MILLION_KRONER,
        Measure.PERCENT: FigureKind.PERCENT,
    }
    rows = tuple(
        FigureTableRow(
            f"{r.indicator.name}{r.indicator.footnote_mark}",
            (
                *(Figure(v, kind[r.indicator.measure]) for v in r.values),
                Figure(r.change_percent, FigureKind.CHANGE),
            ),
        )
        for r in table.rows
    )
    notes = list(table.footnotes)
    if table.source:
        notes.append(f"Kilde: {table.source}")
    notes.append(f"Endring er beregnet fra {table.periods[0]} til {table.periods[-1]}." if table.periods else "")
    return FigureTable(
        caption=table.title,
        label_header="",
        columns=(*table.periods, "Endring"),
        rows=rows,
        notes=tuple(n for n in notes if n),
    )
