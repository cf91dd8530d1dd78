"""The lines of the appropriation overview (bevilgningsoversikt drift), budsjett- og regnskapsforskriften § 5-4.

The council adopts the operating budget per appropriation area (rammeområde), and the general lines
below fund it: general income, financial items and allocations to and from reserves. This module
names those lines once, in the regulation's order, so importers, budget-change proposals and the
report all refer to the same keys.

Sign: internally amounts are net expenditure in øre, so income is negative (rammetilskudd −820 mill.)
and the sum of every line of a balanced budget is 0. The deviation of a line is budget − forecast, so
a positive deviation improves the result (more income, lower cost). The printed overview follows the
municipality's convention (core.document.SignConvention): by default income and a surplus positive.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .budget import BudgetChange, BudgetLine, revised_budget
from .checks import Mismatch, SignedRow, signed_overview_check
from .document import (
    Amount,
    AmountStyle,
    Block,
    Figure,
    FigureKind,
    FigureTable,
    FigureTableRow,
    Heading,
    Paragraph,
    Run,
    SignConvention,
)
from .org import Organisation
from .periods import Period
from .status import BudgetFigures, CentralItem, StatusRow, StatusTable, net_result_compute


class LineGroup(StrEnum):
    GENERAL_INCOME = "generelle_driftsinntekter"  # lines 1–4, "Sum generelle driftsinntekter"
    DEPRECIATION = "avskrivninger"  # line 7, with the areas "Sum netto driftsutgifter"
    FINANCE = "finans"  # lines 10–14, "Netto finansutgifter"
    DEPRECIATION_OFFSET = "motpost_avskrivninger"  # line 16
    DISPOSAL = "disponering"  # lines 18–23, "Sum disponeringer eller dekning av netto driftsresultat"


@dataclass(frozen=True)
class GeneralLine:
    key: str
    label: str
    group: LineGroup


# In the order of § 5-4. The keys are the values of the `linje` column of the importers.
GENERAL_LINES: tuple[GeneralLine, ...] = (
    GeneralLine("rammetilskudd", "Rammetilskudd", LineGroup.GENERAL_INCOME),
    GeneralLine("skatt", "Inntekts- og formuesskatt", LineGroup.GENERAL_INCOME),
    GeneralLine("eiendomsskatt", "Eiendomsskatt", LineGroup.GENERAL_INCOME),
    GeneralLine("andre_generelle", "Andre generelle driftsinntekter", LineGroup.GENERAL_INCOME),
    GeneralLine("avskrivninger", "Avskrivninger", LineGroup.DEPRECIATION),
    GeneralLine("renteinntekter", "Renteinntekter", LineGroup.FINANCE),
    GeneralLine("utbytter", "Utbytter", LineGroup.FINANCE),
    GeneralLine("gevinst_tap", "Gevinster og tap på finansielle omløpsmidler", LineGroup.FINANCE),
    GeneralLine("renteutgifter", "Renteutgifter", LineGroup.FINANCE),
    GeneralLine("avdrag", "Avdrag på lån", LineGroup.FINANCE),
    GeneralLine("motpost_avskrivninger", "Motpost avskrivninger", LineGroup.DEPRECIATION_OFFSET),
    GeneralLine("overforing_investering", "Overføring til investering", LineGroup.DISPOSAL),
    GeneralLine("avsetning_bundne_fond", "Avsetninger til bundne driftsfond", LineGroup.DISPOSAL),
    GeneralLine("bruk_bundne_fond", "Bruk av bundne driftsfond", LineGroup.DISPOSAL),
    GeneralLine("avsetning_disposisjonsfond", "Avsetninger til disposisjonsfond", LineGroup.DISPOSAL),
    GeneralLine("bruk_disposisjonsfond", "Bruk av disposisjonsfond", LineGroup.DISPOSAL),
    GeneralLine("dekning_merforbruk", "Dekning av tidligere års merforbruk", LineGroup.DISPOSAL),
)

GENERAL_LINE_KEYS = frozenset(line.key for line in GENERAL_LINES)


def general_line(key: str) -> GeneralLine:
    """The line with this key; KeyError names the known keys."""
    for line in GENERAL_LINES:
        if line.key == key:
            return line
    known = ", ".join(sorted(GENERAL_LINE_KEYS))
    raise KeyError(f"Ukjent linje «{key}» i bevilgningsoversikten; kjente linjer: {known}")


# --- Central items land in a line ---------------------------------------------------------------

# The line a central item of a category falls on when its file has no `linje` column. Data, not a
# rule: a municipality whose categories differ gives `linje` per row. "renter" has no default on
# purpose: it may be renteinntekter or renteutgifter.
DEFAULT_LINE_BY_CATEGORY: dict[str, str] = {
    "rammetilskudd": "rammetilskudd",
    "skatt": "skatt",
    "eiendomsskatt": "eiendomsskatt",
    "tilskudd": "andre_generelle",
    "avdrag": "avdrag",
}


def default_line(category: str) -> str | None:
    """The line of a central item of `category` when none is given; None when the category has no default."""
    return DEFAULT_LINE_BY_CATEGORY.get(category.strip().lower())


# --- Appropriation areas (rammeområder) ----------------------------------------------------------

AREAS_ARE_SECTORS = "Rammeområdene er tjenesteområdene."


@dataclass(frozen=True)
class Area:
    """An appropriation area of one budget year and the units (ansvar codes) whose budgets make it up."""

    name: str
    order: int
    units: tuple[str, ...]


def areas_from_sectors(org: Organisation) -> tuple[Area, ...]:
    """The areas of a year with none imported: one per sector, in the sectors' order."""
    return tuple(
        Area(name=s.name, order=s.order, units=tuple(u.code for u in org.units_of(s.code))) for s in org.sectors
    )


@dataclass(frozen=True)
class AreaRow(BudgetFigures):
    """One row of the table "Netto driftsramme per rammeområde"; øre, net expenditure."""

    name: str
    actual: int
    budget: int
    forecast: int
    total: bool = False


@dataclass(frozen=True)
class AreaTable:
    period: Period
    rows: tuple[AreaRow, ...]  # the areas in order
    total: AreaRow  # the sum of the area rows
    unit_total: StatusRow  # the status table's total, which the area total must equal
    unmapped: tuple[StatusRow, ...] = ()  # units of the status table in no area
    from_sectors: bool = False  # no areas imported: the areas are the sectors


def areas_aggregate(table: StatusTable, areas: Sequence[Area], *, from_sectors: bool = False) -> AreaTable:
    """Sum the unit rows of a status table per area (exact øre). A unit in no area is listed in
    `unmapped` and left out, so that the area total differs from the unit total and the check says why."""
    units = {r.code: r for r in table.units}
    rows = []
    for area in sorted(areas, key=lambda a: a.order):
        parts = [units[c] for c in area.units if c in units]
        rows.append(
            AreaRow(
                name=area.name,
                actual=sum(p.actual for p in parts),
                budget=sum(p.budget for p in parts),
                forecast=sum(p.forecast for p in parts),
            )
        )
    mapped = {c for a in areas for c in a.units}
    total = AreaRow(
        name="Sum rammeområder",
        actual=sum(r.actual for r in rows),
        budget=sum(r.budget for r in rows),
        forecast=sum(r.forecast for r in rows),
        total=True,
    )
    return AreaTable(
        period=table.period,
        rows=tuple(rows),
        total=total,
        unit_total=table.total,
        unmapped=tuple(r for r in table.units if r.code not in mapped),
        from_sectors=from_sectors,
    )


# --- The general lines' budgets and forecasts -----------------------------------------------------


@dataclass(frozen=True)
class LineChange:
    """The part of an adopted budget change that falls on a general line."""

    adopted: date
    line: str
    amount: int


def line_budgets_revised(original: Mapping[str, int], changes: Iterable[LineChange], as_of: date) -> dict[str, int]:
    """Revised budget per line: the original plus the changes adopted on or before `as_of` (the rule
    of core.budget.revised_budget, applied to lines instead of ansvar)."""
    return revised_budget(
        [BudgetLine(ansvar=key, amount=amount) for key, amount in original.items()],
        [
            BudgetChange(number=n, adopted=c.adopted, reference="", text="", lines=(BudgetLine(c.line, c.amount),))
            for n, c in enumerate(changes)
        ],
        as_of,
    )


# --- The overview (bevilgningsoversikt drift, § 5-4) ----------------------------------------------


class OverviewRowKind(StrEnum):
    LINE = "line"  # a general line
    AREA = "area"  # an appropriation area
    SUM = "sum"  # a subtotal
    RESULT = "result"  # brutto/netto driftsresultat, fremført


@dataclass(frozen=True)
class OverviewRow(BudgetFigures):
    key: str  # a GENERAL_LINES key, "område:<name>" or a subtotal key below
    label: str
    kind: OverviewRowKind
    actual: int
    budget: int
    forecast: int
    parts: tuple[str, ...] = ()  # the keys of the rows a subtotal adds up


@dataclass(frozen=True)
class Overview:
    period: Period
    rows: tuple[OverviewRow, ...]
    areas: AreaTable
    unplaced: tuple[CentralItem, ...] = ()  # central items with no (known) line: they are in no row

    def row(self, key: str) -> OverviewRow:
        return next(r for r in self.rows if r.key == key)

    @property
    def result(self) -> OverviewRow:
        """ "Fremført til inndekning i senere år (merforbruk)": the sum of every line and area."""
        return self.row(CARRIED_FORWARD)


SUM_GENERAL_INCOME = "sum_generelle_driftsinntekter"
SUM_AREAS = "korrigert_sum_bevilgninger"
SUM_NET_OPERATING = "sum_netto_driftsutgifter"
GROSS_RESULT = "brutto_driftsresultat"
NET_FINANCE = "netto_finansutgifter"
NET_RESULT = "netto_driftsresultat"
SUM_DISPOSALS = "sum_disponeringer"
CARRIED_FORWARD = "fremfort_merforbruk"

# What the printed overview says about its signs, per convention (the council reads this; it names no software).
SIGN_NOTES = {
    SignConvention.RESULT: (
        "Inntekter og et overskudd vises som positive tall, utgifter og et underskudd som negative. "
        "Avvik = prognose − budsjett: positivt avvik bedrer resultatet, negativt avvik er merforbruk."
    ),
    SignConvention.EXPENDITURE: (
        "Utgifter vises som positive tall og inntekter som negative, slik at et overskudd er negativt. "
        "Avvik = budsjett − prognose: positivt avvik bedrer resultatet, negativt avvik er merforbruk."
    ),
}


def overview_signed(overview: Overview, signs: SignConvention) -> tuple[SignedRow, ...]:
    """The overview's rows as printed in `signs`: RESULT turns every figure round (income and a
    surplus positive); the deviation keeps its meaning (positive improves the result)."""
    k = -1 if signs is SignConvention.RESULT else 1
    return tuple(
        SignedRow(r.key, r.label, k * r.actual, k * r.budget, k * r.forecast, r.deviation, r.parts)
        for r in overview.rows
    )


def signed_check(overview: Overview, signs: SignConvention) -> list[Mismatch]:
    """The printed overview re-derived in the convention it is printed in (core.checks)."""
    return signed_overview_check(overview_signed(overview, signs), income_positive=signs is SignConvention.RESULT)


def _lines_of(group: LineGroup) -> tuple[GeneralLine, ...]:
    return tuple(line for line in GENERAL_LINES if line.group is group)


def overview_build(
    areas: AreaTable,
    *,
    actual: Mapping[str, int],
    budget: Mapping[str, int],
    central: Iterable[CentralItem],
) -> Overview:
    """The overview in § 5-4 order. `actual` and `budget` (revised) are per general-line key; a line
    missing from them has 0. The forecast of a line is its budget less the deviations of the central
    items placed on it; an area's figures are the sums of its units.

    With net-expenditure signs every subtotal is a plain sum, and "Fremført" is the sum of all lines
    and areas: 0 in a balanced budget, and its deviation is the status report's net result.
    """
    central = tuple(central)
    moved: dict[str, int] = {}
    unplaced = []
    for item in central:
        if item.line in GENERAL_LINE_KEYS:
            moved[item.line] = moved.get(item.line, 0) + item.deviation
        else:
            unplaced.append(item)
    rows: list[OverviewRow] = []
    by_key: dict[str, OverviewRow] = {}

    def add(row: OverviewRow) -> None:
        rows.append(row)
        by_key[row.key] = row

    def line_rows(group: LineGroup) -> tuple[str, ...]:
        keys = []
        for line in _lines_of(group):
            b = budget.get(line.key, 0)
            add(
                OverviewRow(
                    line.key, line.label, OverviewRowKind.LINE, actual.get(line.key, 0), b, b - moved.get(line.key, 0)
                )
            )
            keys.append(line.key)
        return tuple(keys)

    def subtotal(key: str, label: str, parts: tuple[str, ...], kind: OverviewRowKind = OverviewRowKind.SUM) -> str:
        ps = [by_key[p] for p in parts]
        add(
            OverviewRow(
                key,
                label,
                kind,
                actual=sum(p.actual for p in ps),
                budget=sum(p.budget for p in ps),
                forecast=sum(p.forecast for p in ps),
                parts=parts,
            )
        )
        return key

    general = subtotal(SUM_GENERAL_INCOME, "Sum generelle driftsinntekter", line_rows(LineGroup.GENERAL_INCOME))
    area_keys = []
    for a in areas.rows:
        key = f"område:{a.name}"
        add(OverviewRow(key, a.name, OverviewRowKind.AREA, a.actual, a.budget, a.forecast))
        area_keys.append(key)
    area_sum = subtotal(SUM_AREAS, "Korrigert sum bevilgninger drift, netto", tuple(area_keys))
    depreciation = line_rows(LineGroup.DEPRECIATION)
    net_operating = subtotal(SUM_NET_OPERATING, "Sum netto driftsutgifter", (area_sum, *depreciation))
    gross = subtotal(GROSS_RESULT, "Brutto driftsresultat", (general, net_operating), OverviewRowKind.RESULT)
    finance = subtotal(NET_FINANCE, "Netto finansutgifter", line_rows(LineGroup.FINANCE))
    offset = line_rows(LineGroup.DEPRECIATION_OFFSET)
    net = subtotal(NET_RESULT, "Netto driftsresultat", (gross, finance, *offset), OverviewRowKind.RESULT)
    disposals = subtotal(
        SUM_DISPOSALS, "Sum disponeringer eller dekning av netto driftsresultat", line_rows(LineGroup.DISPOSAL)
    )
    subtotal(
        CARRIED_FORWARD, "Fremført til inndekning i senere år (merforbruk)", (net, disposals), OverviewRowKind.RESULT
    )
    return Overview(period=areas.period, rows=tuple(rows), areas=areas, unplaced=tuple(unplaced))


OVERVIEW_COLUMNS = ("actual", "budget", "forecast", "deviation")


def overview_check(overview: Overview, table: StatusTable, central: Iterable[CentralItem]) -> list[Mismatch]:
    """Re-derive every subtotal of the overview and the area table, and reconcile the overview with
    the status report: the areas sum to the unit table's total, and the overview's total deviation
    is the net result (unit deviation + central items). A central item with no line, or a unit in
    no area, is named."""
    found: list[Mismatch] = []
    by_key = {r.key: r for r in overview.rows}
    for row in overview.rows:
        if not row.parts:
            continue
        for col in OVERVIEW_COLUMNS:
            expected = sum(getattr(by_key[p], col) for p in row.parts)
            if getattr(row, col) != expected:
                found.append(Mismatch(row.label, col, getattr(row, col), expected, "delsum = summen av linjene over"))
    areas = overview.areas
    for col in OVERVIEW_COLUMNS:
        expected = sum(getattr(r, col) for r in areas.rows)
        if getattr(areas.total, col) != expected:
            found.append(
                Mismatch(areas.total.name, col, getattr(areas.total, col), expected, "sum = summen av rammeområdene")
            )
        if getattr(areas.total, col) != getattr(table.total, col):
            found.append(
                Mismatch(
                    "Korrigert sum bevilgninger drift, netto",
                    col,
                    getattr(areas.total, col),
                    getattr(table.total, col),
                    "rammeområdene summerer til enhetstabellens total",
                )
            )
    for unit in areas.unmapped:
        found.append(
            Mismatch(unit.label, "rammeområde", "ingen", "ett rammeområde", "hvert ansvar hører til et rammeområde")
        )
    for item in central:
        if item.line not in GENERAL_LINE_KEYS:
            found.append(
                Mismatch(
                    f"Sentral post «{item.text}»",
                    "linje",
                    item.line or "ingen",
                    "en linje i bevilgningsoversikten",
                    "hver sentral post står på en linje",
                )
            )
    net = net_result_compute(table, central).net
    if overview.result.deviation != net:
        found.append(
            Mismatch(
                overview.result.label,
                "deviation",
                overview.result.deviation,
                net,
                "samlet avvik = netto prognose i statusrapporten (enhetene + sentrale poster)",
            )
        )
    return found


# --- The report's blocks ---------------------------------------------------------------------------

OVERVIEW_HEADING = "Bevilgningsoversikt drift"
AREA_TABLE_CAPTION = "Rammeområdenes netto driftsramme"
OVERVIEW_TABLE_CAPTION = "Bevilgningsoversikt drift (budsjett- og regnskapsforskriften § 5-4)"
THOUSANDS = "tall i 1000 kr"


def _result_words(net: int) -> tuple[Run, ...]:
    """A net result in net-expenditure sign in words: '18,9 mill. kroner i overskudd'."""
    if net == 0:
        return ("0 kroner (balanse)",)
    return (Amount(net, AmountStyle.MILLIONS, absolute=True), " kroner i " + ("overskudd" if net < 0 else "underskudd"))


def _deviation_words(deviation: int) -> tuple[Run, ...]:
    if deviation == 0:
        return ("balanse",)
    word = "et merforbruk" if deviation < 0 else "et mindreforbruk"
    return (f"{word} på ", Amount(deviation, AmountStyle.MILLIONS, absolute=True), " kroner")


def overview_summary(overview: Overview) -> Paragraph:
    """The result in words: budgeted and forecast net result, and where the deviation comes from."""
    net = overview.row(NET_RESULT)
    total = overview.result.deviation
    areas = overview.row(SUM_AREAS).deviation
    general = total - areas
    runs: list[Run] = [
        f"Bevilgningsoversikten {overview.period} viser prognosen for året mot budsjettet. "
        "Budsjettet gir et netto driftsresultat på ",
        *_result_words(net.budget),
        ", og prognosen et netto driftsresultat på ",
        *_result_words(net.forecast),
        ". Samlet avvik er ",
        *_deviation_words(total),
        ": rammeområdene melder ",
        *_deviation_words(areas),
        ", og de generelle linjene (skatt, rammetilskudd, finans og avsetninger) ",
    ]
    if general == 0:
        runs.append("holdes på budsjettnivå.")
    else:
        runs += [
            "bedrer" if general > 0 else "svekker",
            " resultatet med ",
            Amount(general, AmountStyle.MILLIONS, absolute=True),
            " kroner.",
        ]
    if overview.areas.from_sectors:
        runs.append(" " + AREAS_ARE_SECTORS)
    return Paragraph(tuple(runs))


def area_figure_table(areas: AreaTable) -> FigureTable:
    def cells(r: AreaRow) -> tuple[Figure, ...]:
        return (
            Figure.thousands(r.actual),
            Figure.thousands(r.budget),
            Figure(r.usage_percent, FigureKind.PERCENT),
            Figure.thousands(r.forecast),
            Figure.thousands(r.deviation),
        )

    rows = [FigureTableRow(r.name, cells(r)) for r in areas.rows]
    rows.append(FigureTableRow(areas.total.name, cells(areas.total), kind="total"))
    notes = ("Avvik = budsjett − prognose; negativt avvik er merforbruk.",)  # "areas are sectors": in the summary
    return FigureTable(
        # Not "Netto driftsramme per rammeområde …": the proposals part's table after the changes is
        # called so, and the XLSX sheet names (the caption's first 31 characters) must differ.
        caption=f"{AREA_TABLE_CAPTION} {areas.period}, regnskap og prognose ({THOUSANDS})",
        label_header="Rammeområde",
        columns=(f"Regnskap {areas.period}", "Budsjett inkl. endring", "Forbruk", "Prognose", "Avvik"),
        rows=tuple(rows),
        notes=notes,
    )


_ROW_STYLE = {
    OverviewRowKind.LINE: "unit",
    OverviewRowKind.AREA: "unit",
    OverviewRowKind.SUM: "sector",
    OverviewRowKind.RESULT: "total",
}


def overview_figure_table(overview: Overview, signs: SignConvention = SignConvention.RESULT) -> FigureTable:
    kinds = {r.key: r.kind for r in overview.rows}
    rows = tuple(
        FigureTableRow(
            r.label,
            (
                Figure.thousands(r.actual),
                Figure.thousands(r.budget),
                Figure.thousands(r.forecast),
                Figure.thousands(r.deviation),
            ),
            kind=_ROW_STYLE[kinds[r.key]],
        )
        for r in overview_signed(overview, signs)
    )
    notes = [SIGN_NOTES[signs]]
    if overview.unplaced:
        names = ", ".join(f"«{c.text}»" for c in overview.unplaced)
        notes.append(f"Sentrale poster uten linje i oversikten (ikke med i prognosen over): {names}.")
    return FigureTable(
        caption=f"{OVERVIEW_TABLE_CAPTION} {overview.period} ({THOUSANDS})",
        label_header="Linje",
        columns=(f"Regnskap {overview.period}", "Budsjett inkl. endring", "Prognose", "Avvik"),
        rows=rows,
        notes=tuple(notes),
    )


def overview_blocks(overview: Overview, signs: SignConvention = SignConvention.RESULT) -> tuple[Block, ...]:
    """The tertial report's section: heading, the result in words, the area table and the § 5-4 table."""
    return (
        Heading(OVERVIEW_HEADING),
        overview_summary(overview),
        area_figure_table(overview.areas),
        overview_figure_table(overview, signs),
    )
