"""Sick leave (sykefravær): per unit and month, lost days against contracted days.

The rules (seed: «Status sykefravær pr. mars 2024»):
- percent = lost days / contracted days (avtalte dagsverk) × 100;
- a sector's and the municipality's figure is **weighted** by contracted days: Σ lost / Σ contracted
  over the units, never the average of the unit percentages (a unit of 5 people at 20 % must not
  count as much as one of 500 at 5 %);
- when only percentages are known (as in the seed, which prints percent only), every figure is stored
  as given and marked "percent only": sector and municipal totals then come from the source and are
  never recomputed from the unit percentages, because the weights are unknown;
- short-term absence is self-certified plus doctor-certified 1–16 days; its share is short / lost.

Privacy (issue 10): sick leave is health data about identifiable staff. On every council and public
output, a unit with fewer than the threshold of person-years (årsverk) is not shown; its figures
stay in its sector's and the municipality's totals, which are built before any row is removed
(`table_suppress`). Rules:
- person-years of a unit in a month = contracted days (avtalte dagsverk) / working days of the month,
  working days being Monday–Friday (public holidays not subtracted, so the estimate errs low and
  hides rather than shows); a unit's size in a table is its smallest month;
- headcount is never below person-years (nobody works more than one full position), so a unit of at
  least N person-years has at least N people: the people threshold is met through the person-years
  one, and the rule hides below max(min person-years, min people);
- a unit whose figures are percent only has no known size: it follows the municipality's explicit
  choice (`PrivacyRule.show_percent_only`; hidden by default, the safe side);
- a row with no staff has no sick leave, not 0 %: no contracted days, or a source that gives 0 in
  every month of the table (a cooperation whose staff are employed elsewhere) is printed «–»;
- a sector computed from days with fewer person-years than the threshold is hidden too (its figures
  stay in the municipal total); a sector figure given by the source is shown as given.
"""

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from .checks import Mismatch
from .document import Figure, FigureKind, FigureTable, FigureTableRow
from .money import round_half_up
from .org import Organisation
from .periods import MONTHS_NB

PERCENT_ONLY_NOTE = (
    "Prosentene er hentet fra kilden slik de står; totalene for tjenesteområder og kommunen er ikke beregnet."
)
WEIGHTED_NOTE = "Tjenesteområder og kommunen totalt er vektet med avtalte dagsverk (tapte / avtalte dagsverk)."
TOTAL_LABEL = "Kommunen totalt"
PRIVACY_NOTE = (
    "Enheter med færre enn {n} årsverk vises ikke av personvernhensyn; "
    "tallene deres inngår i tjenesteområdet og i kommunen totalt."
)
PRIVACY_NOTE_SECTORS = "Det samme gjelder tjenesteområder med færre enn {n} årsverk; de inngår i kommunen totalt."
PRIVACY_NOTE_UNKNOWN = "Enheter der kilden bare gir prosent, har ukjent størrelse og vises derfor heller ikke."
PRIVACY_NOTE_SHOWN = "Enheter der kilden bare gir prosent (ukjent størrelse), vises etter kommunens valg."
NO_STAFF_NOTE = "– betyr ingen ansatte i enheten."


class Level(StrEnum):
    UNIT = "enhet"
    SECTOR = "tjenesteomrade"
    MUNICIPALITY = "kommune"


@dataclass(frozen=True)
class Days:
    """Contracted and lost working days of one unit in one month (fractions allowed)."""

    contracted: Decimal
    self_certified: Decimal = Decimal(0)
    short_certified: Decimal = Decimal(0)  # legemeldt 1–16 dager
    long_certified: Decimal = Decimal(0)  # legemeldt over 16 dager

    @property
    def lost(self) -> Decimal:
        return self.self_certified + self.short_certified + self.long_certified

    @property
    def short_term(self) -> Decimal:
        return self.self_certified + self.short_certified

    def __add__(self, other: "Days") -> "Days":
        return Days(
            self.contracted + other.contracted,
            self.self_certified + other.self_certified,
            self.short_certified + other.short_certified,
            self.long_certified + other.long_certified,
        )


def days_percent(lost: Decimal, contracted: Decimal) -> Decimal | None:
    """lost / contracted × 100, unrounded; None without contracted days."""
    if contracted == 0:
        return None
    return lost * 100 / contracted


@dataclass(frozen=True)
class Record:
    """One figure of the source: a unit (key = ansvar), a sector (key = sector code) or the municipality
    (key = ""), in one month. Either `days` (computed) or `given_percent` (percent only)."""

    year: int
    month: int
    level: Level
    key: str
    label: str = ""
    days: Days | None = None
    given_percent: Decimal | None = None

    def __post_init__(self) -> None:
        if (self.days is None) == (self.given_percent is None):
            raise ValueError("En sykefraværsrad har enten dagsverk eller prosent, ikke begge eller ingen")

    @property
    def percent_only(self) -> bool:
        return self.days is None

    @property
    def percent(self) -> Decimal | None:
        return self.given_percent if self.days is None else days_percent(self.days.lost, self.days.contracted)


class RowKind(StrEnum):
    UNIT = "unit"
    SECTOR = "sector"
    TOTAL = "total"


@dataclass(frozen=True)
class Cell:
    percent: Decimal | None  # unrounded when computed, as given when percent only
    short_term_percent: Decimal | None = None  # short-term lost / contracted × 100
    short_term_share: Decimal | None = None  # short-term lost / all lost × 100
    given: bool = False  # True: the figure is the source's, not computed here


@dataclass(frozen=True)
class Row:
    kind: RowKind
    key: str
    label: str
    sector_code: str | None
    cells: tuple[Cell, ...]  # one per month of the table


@dataclass(frozen=True)
class Table:
    year: int
    months: tuple[int, ...]
    rows: tuple[Row, ...]
    percent_only: bool  # some figure is as given (then totals come from the source)
    privacy_threshold: Decimal | None = None  # set by table_suppress: the rule that was applied
    hidden_small: tuple[str, ...] = ()  # unit keys hidden as smaller than the threshold
    hidden_unknown: tuple[str, ...] = ()  # unit keys hidden because their size is unknown
    hidden_sectors: tuple[str, ...] = ()  # sector keys hidden as smaller than the threshold
    shown_unknown: tuple[str, ...] = ()  # unit keys of unknown size shown by the municipality's choice

    @property
    def note(self) -> str:
        return PERCENT_ONLY_NOTE if self.percent_only else WEIGHTED_NOTE

    @property
    def notes(self) -> tuple[str, ...]:
        """The source note, and the privacy note when the rule was applied."""
        if self.privacy_threshold is None:
            return (self.note,)
        n = _number_nb(self.privacy_threshold)
        privacy = PRIVACY_NOTE.format(n=n)
        if self.hidden_sectors:
            privacy += " " + PRIVACY_NOTE_SECTORS.format(n=n)
        if self.hidden_unknown:
            privacy += " " + PRIVACY_NOTE_UNKNOWN
        if self.shown_unknown:
            privacy += " " + PRIVACY_NOTE_SHOWN
        notes: tuple[str, ...] = (self.note, privacy)
        if any(all(c.percent is None for c in r.cells) and any(c.given for c in r.cells) for r in self.rows):
            notes += (NO_STAFF_NOTE,)
        return notes


def _cell_from_days(days: Days) -> Cell:
    return Cell(
        percent=days_percent(days.lost, days.contracted),
        short_term_percent=days_percent(days.short_term, days.contracted),
        short_term_share=days_percent(days.short_term, days.lost) if days.lost else None,
    )


def _aggregate(unit_days: Sequence[Days | None], given: Record | None) -> Cell:
    """Weighted over the units when every unit has days; else the source's figure if there is one."""
    if unit_days and all(d is not None for d in unit_days):
        total = Days(Decimal(0))
        for d in unit_days:
            assert d is not None
            total = total + d
        return _cell_from_days(total)
    if given is not None:
        return _cell_from_days(given.days) if given.days else Cell(given.given_percent, given=True)
    return Cell(None)


def _unit_cell(rec: Record | None) -> Cell:
    if rec is None:
        return Cell(None)
    if rec.days is not None:
        return _cell_from_days(rec.days)
    return Cell(rec.given_percent, given=True)


def table_build(org: Organisation, records: Iterable[Record], *, year: int, through_month: int) -> Table:
    """The table of `year`, months 1..through_month that have any figure, units grouped by sector in
    the organisation's order; a sector row leads its units, the municipal row closes the table."""
    recs = [r for r in records if r.year == year and r.month <= through_month]
    months = tuple(sorted({r.month for r in recs}))
    by = {(r.level, r.key, r.month): r for r in recs}
    rows: list[Row] = []
    all_units: dict[int, list[Days | None]] = {m: [] for m in months}
    for s in org.sectors:
        units = [u for u in org.units_of(s.code) if any((Level.UNIT, u.code, m) in by for m in months)]
        has_given = any((Level.SECTOR, s.code, m) in by for m in months)
        if not units and not has_given:
            continue
        sector_cells = []
        for m in months:
            unit_days = [by[(Level.UNIT, u.code, m)].days for u in units if (Level.UNIT, u.code, m) in by]
            all_units[m] += unit_days
            sector_cells.append(_aggregate(unit_days, by.get((Level.SECTOR, s.code, m))))
        label = next((by[(Level.SECTOR, s.code, m)].label for m in months if (Level.SECTOR, s.code, m) in by), "")
        rows.append(Row(RowKind.SECTOR, s.code, label or s.name, s.code, tuple(sector_cells)))
        for u in units:
            cells = tuple(_unit_cell(by.get((Level.UNIT, u.code, m))) for m in months)
            label = next((by[(Level.UNIT, u.code, m)].label for m in months if (Level.UNIT, u.code, m) in by), "")
            rows.append(Row(RowKind.UNIT, u.code, label or u.name, s.code, cells))
    if months:
        total_cells = tuple(_aggregate(all_units[m], by.get((Level.MUNICIPALITY, "", m))) for m in months)
        label = next((by[(Level.MUNICIPALITY, "", m)].label for m in months if (Level.MUNICIPALITY, "", m) in by), "")
        rows.append(Row(RowKind.TOTAL, "", label or TOTAL_LABEL, None, total_cells))
    rows = [_no_staff(r) for r in rows]
    percent_only = any(c.given for r in rows for c in r.cells)
    return Table(year=year, months=months, rows=tuple(rows), percent_only=percent_only)


def _no_staff(row: Row) -> Row:
    """A row the source gives as 0 in every month has nobody employed: no figure («–»), not 0 %."""
    if row.cells and all(c.given and c.percent == 0 for c in row.cells):
        return replace(row, cells=tuple(Cell(None, given=True) for _ in row.cells))
    return row


def _number_nb(value: Decimal) -> str:
    """10 → «10», 7.5 → «7,5» (the threshold in the note; no thousands in practice)."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def working_days(year: int, month: int) -> int:
    """Monday–Friday in the month (public holidays are not subtracted)."""
    weeks = calendar.monthcalendar(year, month)
    return sum(1 for week in weeks for day in week[:5] if day)


def person_years(contracted: Decimal, year: int, month: int) -> Decimal:
    """Contracted days of a month as full positions (årsverk): contracted / working days of the month."""
    return contracted / working_days(year, month)


@dataclass(frozen=True)
class PrivacyRule:
    """The sizes below which a unit's sick leave is not shown to the council and the public."""

    min_person_years: Decimal = Decimal(10)
    min_people: int = 5
    show_percent_only: bool = False  # units of unknown size (percent only): shown only by explicit choice

    @property
    def threshold(self) -> Decimal:
        # headcount ≥ person-years, so «at least N person-years» implies «at least N people»
        return max(self.min_person_years, Decimal(self.min_people))


def unit_sizes(records: Iterable[Record], *, year: int, months: Sequence[int]) -> dict[str, Decimal | None]:
    """Person-years of every unit with a figure in `months` of `year`: its smallest month, or None when
    any of its figures is percent only (size unknown)."""
    sizes: dict[str, Decimal | None] = {}
    unknown: set[str] = set()
    for r in records:
        if r.level is not Level.UNIT or r.year != year or r.month not in months:
            continue
        if r.days is None:
            unknown.add(r.key)
            continue
        size = person_years(r.days.contracted, r.year, r.month)
        current = sizes.get(r.key)
        sizes[r.key] = size if current is None else min(current, size)
    for key in unknown:
        sizes[key] = None
    return sizes


def table_suppress(table: Table, records: Iterable[Record], rule: PrivacyRule) -> Table:
    """The table as the council and the public may see it: units below the rule's threshold (or of
    unknown size) removed, and sectors computed from days below it; every remaining figure, the sector
    and municipal totals included, is exactly as in `table` (they were built with every unit)."""
    threshold = rule.threshold
    recs = list(records)
    sizes = unit_sizes(recs, year=table.year, months=table.months)
    hidden_small: list[str] = []
    hidden_unknown: list[str] = []
    shown_unknown: list[str] = []
    for key, size in sizes.items():
        if size is None:
            (shown_unknown if rule.show_percent_only else hidden_unknown).append(key)
        elif size < threshold:
            hidden_small.append(key)
    hidden_units = set(hidden_small) | set(hidden_unknown)
    hidden_sectors: list[str] = []
    for r in table.rows:
        if r.kind is not RowKind.SECTOR or any(c.given for c in r.cells):
            continue
        members = [u.key for u in table.rows if u.kind is RowKind.UNIT and u.sector_code == r.key]
        member_sizes = [sizes.get(k) for k in members]
        if member_sizes and all(s is not None for s in member_sizes):
            total = Decimal(0)
            for s in member_sizes:
                assert s is not None
                total += s
            if total < threshold:
                hidden_sectors.append(r.key)
    shown_units = {r.key for r in table.rows if r.kind is RowKind.UNIT}
    rows = tuple(
        r
        for r in table.rows
        if not (r.kind is RowKind.UNIT and r.key in hidden_units)
        and not (r.kind is RowKind.SECTOR and r.key in hidden_sectors)
    )
    return replace(
        table,
        rows=rows,
        privacy_threshold=threshold,
        hidden_small=tuple(sorted(k for k in hidden_small if k in shown_units)),
        hidden_unknown=tuple(sorted(k for k in hidden_unknown if k in shown_units)),
        hidden_sectors=tuple(hidden_sectors),
        shown_unknown=tuple(sorted(k for k in shown_unknown if k in shown_units)),
    )


@dataclass(frozen=True)
class Trend:
    """One row of the trend: a sector (or the municipality) per month for the year and two before."""

    key: str
    label: str
    years: tuple[int, ...]
    months: tuple[int, ...]
    values: tuple[tuple[Decimal | None, ...], ...]  # one tuple per year, one value per month


def trend_build(org: Organisation, records: Sequence[Record], *, year: int, through_month: int) -> list[Trend]:
    """The same months of `year`, `year` − 1 and `year` − 2, per sector and for the municipality.

    Each year's figures come from that year's table (weighted, or the source's when percent only);
    organisation changes between years are followed by sector code.
    """
    years = (year - 2, year - 1, year)
    months = tuple(range(1, through_month + 1))
    tables = {y: table_build(org, records, year=y, through_month=through_month) for y in years}

    def series(key: str, kind: RowKind) -> tuple[Decimal | None, ...]:
        out: list[Decimal | None] = []
        for y in years:
            t = tables[y]
            row = next((r for r in t.rows if r.kind is kind and r.key == key), None)
            for m in months:
                cell = row.cells[t.months.index(m)] if row is not None and m in t.months else None
                out.append(cell.percent if cell else None)
        return tuple(out)

    def split(flat: tuple[Decimal | None, ...]) -> tuple[tuple[Decimal | None, ...], ...]:
        n = len(months)
        return tuple(flat[i * n : (i + 1) * n] for i in range(len(years)))

    trends = [Trend("", TOTAL_LABEL, years, months, split(series("", RowKind.TOTAL)))]
    for s in org.sectors:
        values = split(series(s.code, RowKind.SECTOR))
        if any(v is not None for ys in values for v in ys):
            trends.append(Trend(s.code, s.name, years, months, values))
    return trends


def sick_leave_check(org: Organisation, records: Sequence[Record], *, places: int = 2) -> list[Mismatch]:
    """A given sector or municipal percentage where every unit of it has days: it must equal the
    weighted figure, rounded as printed. Percent-only units give nothing to check against."""
    found: list[Mismatch] = []
    units = [r for r in records if r.level is Level.UNIT]
    for r in records:
        if r.level is Level.UNIT or r.given_percent is None:
            continue
        members = [
            u
            for u in units
            if u.year == r.year
            and u.month == r.month
            and (r.level is Level.MUNICIPALITY or (org.has_unit(u.key) and org.unit(u.key).sector_code == r.key))
        ]
        if not members or any(u.days is None for u in members):
            continue
        total = Days(Decimal(0))
        for u in members:
            assert u.days is not None
            total = total + u.days
        expected = days_percent(total.lost, total.contracted)
        if expected is None:
            continue
        expected_r = round_half_up(expected, places)
        if round_half_up(r.given_percent, places) != expected_r:
            found.append(
                Mismatch(
                    f"{r.label or r.key or TOTAL_LABEL} {r.month:02d}/{r.year}",
                    "sykefravær",
                    r.given_percent,
                    expected_r,
                    "sykefravær = tapte / avtalte dagsverk, vektet",
                )
            )
    return found


def table_block(table: Table, title: str) -> FigureTable:
    """The report's table: units grouped by sector, months as columns, the source note under it."""

    return FigureTable(
        caption=title,
        label_header="Enhet",
        columns=tuple(MONTHS_NB[m - 1].capitalize() for m in table.months),
        rows=tuple(
            FigureTableRow(r.label, tuple(Figure(c.percent, FigureKind.PERCENT2) for c in r.cells), r.kind.value)
            for r in table.rows
        ),
        notes=table.notes,
    )
