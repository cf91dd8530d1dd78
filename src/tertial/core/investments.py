"""Investment projects and the appropriation overview for investments (bevilgningsoversikt
investering, budsjett- og regnskapsforskriften § 5-5).

A project has a cost frame adopted by the council (vedtatt ramme) that changes by decision over its
life, this year's (revised) budget, actuals to date from the investment ledger, the forecast for the
year and the forecast for the whole project (sluttprognose). As everywhere in Tertial, amounts are
net expenditure in integer øre and a deviation is budget − forecast (negative = overspend):

- deviation for the year = budget − forecast for the year;
- deviation for the project = frame − sluttprognose.

The overview lists the year's investment expenditure (the projects, summed per appropriation area,
and other expenditure lines) and how it is financed. Financing is income, so negative; the sum of
every line is the amount carried forward as unfinanced ("Fremført til inndekning i senere år
(udekket beløp)"), which must be 0 in the budget and in the forecast.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .checks import Mismatch, SignedRow, signed_overview_check
from .document import (
    Amount,
    AmountStyle,
    Block,
    Figure,
    FigureTable,
    FigureTableRow,
    Heading,
    ItemList,
    Paragraph,
    Percent,
    Run,
    SignConvention,
)
from .periods import Period
from .status import BudgetFigures


class ProjectStatus(StrEnum):
    PLANNING = "planlegging"
    PROCUREMENT = "anskaffelse"
    CONSTRUCTION = "bygging"
    DONE = "ferdig"


STATUS_LABELS: dict[ProjectStatus, str] = {
    ProjectStatus.PLANNING: "Planlegging",
    ProjectStatus.PROCUREMENT: "Anskaffelse",
    ProjectStatus.CONSTRUCTION: "Bygging",
    ProjectStatus.DONE: "Ferdig",
}


@dataclass(frozen=True)
class FrameChange:
    """One decision on a project's cost frame: from `changed_on` the frame is `frame` (øre)."""

    project: str  # project number
    changed_on: date
    reference: str  # the decision, e.g. "PS 12/23"
    frame: int
    text: str = ""


def current_frame(changes: Iterable[FrameChange], on: date) -> FrameChange | None:
    """The frame in force on `on`: the newest change dated on or before it (of two on the same day,
    the later one in the sequence). None when no change is that old."""
    found: FrameChange | None = None
    for change in changes:
        if change.changed_on <= on and (found is None or change.changed_on >= found.changed_on):
            found = change
    return found


@dataclass(frozen=True)
class Project:
    """A project as reported for one period."""

    number: str
    name: str
    ansvar: str
    area: str  # the appropriation area it belongs to
    budget: int  # this year's revised budget
    actual: int  # actuals to date
    forecast_year: int
    forecast_total: int  # sluttprognose
    status: ProjectStatus
    frame: int | None = None  # vedtatt ramme in force at the period end; None when not adopted
    comment: str = ""
    start: date | None = None
    completion: date | None = None
    stated_frame: int | None = None  # the frame the project file states, checked against the history

    @property
    def deviation_year(self) -> int:
        return self.budget - self.forecast_year

    @property
    def deviation_total(self) -> int | None:
        return None if self.frame is None else self.frame - self.forecast_total

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}"


@dataclass(frozen=True)
class ProjectRecord:
    """A project as a project file states it for one period (before actuals and frame history)."""

    number: str
    name: str
    ansvar: str
    budget: int
    forecast_year: int
    forecast_total: int
    status: ProjectStatus
    frame: int | None = None
    comment: str = ""
    start: date | None = None
    completion: date | None = None


@dataclass(frozen=True)
class ProjectBalance:
    """Actuals of one project in one month on one art (øre), from the investment ledger."""

    project: str
    month: int
    art: str
    amount: int


@dataclass(frozen=True)
class ProjectTotals:
    budget: int
    actual: int
    forecast_year: int
    deviation_year: int
    frame: int  # sum of the frames of projects that have one
    forecast_total: int
    deviation_total: int  # sum over projects that have a frame


@dataclass(frozen=True)
class ProjectTable:
    period: Period
    projects: tuple[Project, ...]
    total: ProjectTotals

    @property
    def without_frame(self) -> tuple[Project, ...]:
        return tuple(p for p in self.projects if p.frame is None)


def _totals(projects: Sequence[Project]) -> ProjectTotals:
    framed = [p for p in projects if p.frame is not None]
    return ProjectTotals(
        budget=sum(p.budget for p in projects),
        actual=sum(p.actual for p in projects),
        forecast_year=sum(p.forecast_year for p in projects),
        deviation_year=sum(p.deviation_year for p in projects),
        frame=sum(p.frame or 0 for p in framed),
        forecast_total=sum(p.forecast_total for p in projects),
        deviation_total=sum(p.deviation_total or 0 for p in framed),
    )


def project_table_build(period: Period, projects: Iterable[Project]) -> ProjectTable:
    """The projects in the order given, with totals as exact sums of øre."""
    rows = tuple(projects)
    return ProjectTable(period=period, projects=rows, total=_totals(rows))


# --- Significant deviations ---------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """A deviation is significant when it is larger than `amount` (øre), in the year or against the
    frame, or larger than `percent` of the frame against the frame. None switches a rule off."""

    amount: int | None = 1_000_000 * 100
    percent: Decimal | None = Decimal(10)


def is_significant(project: Project, threshold: Threshold) -> bool:
    total = project.deviation_total
    if threshold.amount is not None:
        if abs(project.deviation_year) > threshold.amount:
            return True
        if total is not None and abs(total) > threshold.amount:
            return True
    if threshold.percent is not None and total is not None and project.frame:
        return Decimal(abs(total)) * 100 > threshold.percent * abs(project.frame)
    return False


def significant_deviations(table: ProjectTable, threshold: Threshold) -> tuple[Project, ...]:
    """The projects whose deviation exceeds the threshold, largest overspend first (year, then project)."""
    found = [p for p in table.projects if is_significant(p, threshold)]
    order = {p.number: n for n, p in enumerate(table.projects)}
    return tuple(sorted(found, key=lambda p: (min(p.deviation_year, p.deviation_total or 0), order[p.number])))


# --- Bevilgningsoversikt investering (§ 5-5) -------------------------------------------------------


class LineGroup(StrEnum):
    EXPENDITURE = "investeringsutgifter"  # lines 1–5
    INCOME = "investeringsinntekter"  # lines 7–13
    RELENDING = "videreutlan"  # lines 15–18
    TRANSFER = "overforing_avsetninger"  # lines 20–25


@dataclass(frozen=True)
class InvestmentLine:
    key: str
    label: str
    group: LineGroup


PROJECTS_LINE = "investeringer_varige_driftsmidler"

# In the order of § 5-5. The keys are the values of the `linje` column of the financing import.
INVESTMENT_LINES: tuple[InvestmentLine, ...] = (
    InvestmentLine(PROJECTS_LINE, "Investeringer i varige driftsmidler", LineGroup.EXPENDITURE),
    InvestmentLine("tilskudd_andres_investeringer", "Tilskudd til andres investeringer", LineGroup.EXPENDITURE),
    InvestmentLine("aksjer_andeler", "Investeringer i aksjer og andeler i selskaper", LineGroup.EXPENDITURE),
    InvestmentLine("utlan_egne_midler", "Utlån av egne midler", LineGroup.EXPENDITURE),
    InvestmentLine("avdrag_lan", "Avdrag på lån", LineGroup.EXPENDITURE),
    InvestmentLine("kompensasjon_mva", "Kompensasjon for merverdiavgift", LineGroup.INCOME),
    InvestmentLine("tilskudd_fra_andre", "Tilskudd fra andre", LineGroup.INCOME),
    InvestmentLine("salg_varige_driftsmidler", "Salg av varige driftsmidler", LineGroup.INCOME),
    InvestmentLine("salg_finansielle_anleggsmidler", "Salg av finansielle anleggsmidler", LineGroup.INCOME),
    InvestmentLine("utdeling_selskaper", "Utdeling fra selskaper", LineGroup.INCOME),
    InvestmentLine("mottatte_avdrag_utlan", "Mottatte avdrag på utlån av egne midler", LineGroup.INCOME),
    InvestmentLine("bruk_av_lan", "Bruk av lån", LineGroup.INCOME),
    InvestmentLine("videreutlan", "Videreutlån", LineGroup.RELENDING),
    InvestmentLine("bruk_lan_videreutlan", "Bruk av lån til videreutlån", LineGroup.RELENDING),
    InvestmentLine("avdrag_lan_videreutlan", "Avdrag på lån til videreutlån", LineGroup.RELENDING),
    InvestmentLine("mottatte_avdrag_videreutlan", "Mottatte avdrag på videreutlån", LineGroup.RELENDING),
    InvestmentLine("overforing_fra_drift", "Overføring fra drift", LineGroup.TRANSFER),
    InvestmentLine("avsetning_bundne_fond", "Avsetninger til bundne investeringsfond", LineGroup.TRANSFER),
    InvestmentLine("bruk_bundne_fond", "Bruk av bundne investeringsfond", LineGroup.TRANSFER),
    InvestmentLine("avsetning_ubundet_fond", "Avsetninger til ubundet investeringsfond", LineGroup.TRANSFER),
    InvestmentLine("bruk_ubundet_fond", "Bruk av ubundet investeringsfond", LineGroup.TRANSFER),
    InvestmentLine("dekning_udekket", "Dekning av tidligere års udekket beløp", LineGroup.TRANSFER),
)

GROUP_SUM_LABELS: dict[LineGroup, str] = {
    LineGroup.EXPENDITURE: "Sum investeringsutgifter",
    LineGroup.INCOME: "Sum investeringsinntekter",
    LineGroup.RELENDING: "Netto utgifter videreutlån",
    LineGroup.TRANSFER: "Sum overføring fra drift og netto avsetninger",
}
UNFINANCED_LABEL = "Fremført til inndekning i senere år (udekket beløp)"

# Every line but the projects' own is imported (the projects line is the sum of the projects).
IMPORTED_LINE_KEYS = frozenset(line.key for line in INVESTMENT_LINES if line.key != PROJECTS_LINE)


@dataclass(frozen=True)
class FinancingLine:
    """An imported line of the overview: budget, actuals to date and forecast for the year."""

    key: str
    budget: int
    actual: int
    forecast: int


@dataclass(frozen=True)
class OverviewRow(BudgetFigures):
    label: str
    kind: str  # "line" | "sum" | "result" (the unfinanced amount) | "area"
    budget: int
    actual: int
    forecast: int
    group: LineGroup | None = None
    key: str = ""


@dataclass(frozen=True)
class InvestmentOverview:
    period: Period
    areas: tuple[OverviewRow, ...]  # investment expenditure per appropriation area (the projects)
    rows: tuple[OverviewRow, ...]  # the lines and sums in § 5-5 order, the unfinanced amount last

    @property
    def unfinanced(self) -> OverviewRow:
        return self.rows[-1]


def _sum_row(label: str, kind: str, parts: Sequence[OverviewRow], group: LineGroup | None = None) -> OverviewRow:
    return OverviewRow(
        label=label,
        kind=kind,
        budget=sum(r.budget for r in parts),
        actual=sum(r.actual for r in parts),
        forecast=sum(r.forecast for r in parts),
        group=group,
    )


def investment_overview_build(
    table: ProjectTable, lines: Iterable[FinancingLine], area_order: Sequence[str] = ()
) -> InvestmentOverview:
    """The § 5-5 overview: the projects' line is the sum of the projects (per area in `areas`, in
    `area_order`, then any other area in project order); the other lines are imported. Lines not
    imported are left out, sums always shown (videreutlån only when it has a line)."""
    by_key = {line.key: line for line in lines}
    area_rows: dict[str, list[Project]] = {a: [] for a in area_order}
    for p in table.projects:
        area_rows.setdefault(p.area, []).append(p)
    area_rows = {a: ps for a, ps in area_rows.items() if ps}
    areas = tuple(
        OverviewRow(
            label=area,
            kind="area",
            budget=sum(p.budget for p in ps),
            actual=sum(p.actual for p in ps),
            forecast=sum(p.forecast_year for p in ps),
        )
        for area, ps in area_rows.items()
    )
    rows: list[OverviewRow] = []
    sums: list[OverviewRow] = []
    for group in LineGroup:
        members: list[OverviewRow] = []
        for line in INVESTMENT_LINES:
            if line.group is not group:
                continue
            if line.key == PROJECTS_LINE:
                row = _sum_row(line.label, "line", areas, group)
                members.append(OverviewRow(row.label, "line", row.budget, row.actual, row.forecast, group, line.key))
            elif line.key in by_key:
                f = by_key[line.key]
                members.append(OverviewRow(line.label, "line", f.budget, f.actual, f.forecast, group, line.key))
        if group is LineGroup.RELENDING and not members:
            continue
        total = _sum_row(GROUP_SUM_LABELS[group], "sum", members, group)
        rows += [*members, total]
        sums.append(total)
    rows.append(_sum_row(UNFINANCED_LABEL, "result", sums))
    return InvestmentOverview(period=table.period, areas=areas, rows=tuple(rows))


# --- Checks -------------------------------------------------------------------------------------

_OVERVIEW_COLUMNS = ("budget", "actual", "forecast")


def project_table_check(table: ProjectTable) -> list[Mismatch]:
    """Re-derive the totals, and compare a frame stated in the project file with the frame history."""
    found: list[Mismatch] = []
    expected = _totals(table.projects)
    for column in ("budget", "actual", "forecast_year", "deviation_year", "frame", "forecast_total"):
        shown, want = getattr(table.total, column), getattr(expected, column)
        if shown != want:
            found.append(Mismatch("Sum investeringsprosjekter", column, shown, want, "sum = summen av prosjektene"))
    for p in table.projects:
        if p.stated_frame is not None and p.frame is not None and p.stated_frame != p.frame:
            found.append(
                Mismatch(p.label, "frame", p.stated_frame, p.frame, "vedtatt ramme = siste vedtatte rammeendring")
            )
    return found


def overview_check(overview: InvestmentOverview) -> list[Mismatch]:
    """Every sum re-derives from its lines, the projects' line from the areas, and the overview is
    financed: the unfinanced amount is 0 in the budget and in the forecast."""
    found: list[Mismatch] = []

    def compare(row: OverviewRow, parts: Sequence[OverviewRow], rule: str) -> None:
        for column in _OVERVIEW_COLUMNS:
            want = sum(getattr(r, column) for r in parts)
            if getattr(row, column) != want:
                found.append(Mismatch(row.label, column, getattr(row, column), want, rule))

    for row in overview.rows:
        if row.key == PROJECTS_LINE:
            compare(row, overview.areas, "investeringer = summen av områdenes prosjekter")
        elif row.kind == "sum":
            members = [r for r in overview.rows if r.kind == "line" and r.group is row.group]
            compare(row, members, "sum = summen av linjene")
    result = overview.unfinanced
    compare(result, [r for r in overview.rows if r.kind == "sum"], "udekket = summen av summene")
    for column, what in (("budget", "budsjettet"), ("forecast", "prognosen")):
        if getattr(result, column) != 0:
            found.append(Mismatch(result.label, column, getattr(result, column), 0, f"{what} skal være finansiert"))
    return found


# --- The report part -------------------------------------------------------------------------------

PROJECT_COLUMNS = (
    "Vedtatt ramme",
    "Budsjett",
    "Regnskap hittil",
    "Prognose året",
    "Avvik året",
    "Sluttprognose",
    "Avvik ramme",
)
OVERVIEW_COLUMNS = ("Budsjett", "Regnskap hittil", "Prognose", "Avvik")
THOUSANDS = "tall i 1000 kr"


def _project_row(p: Project) -> FigureTableRow:
    return FigureTableRow(
        label=f"{p.label} ({STATUS_LABELS[p.status].lower()})",
        cells=(
            Figure.thousands(p.frame),
            Figure.thousands(p.budget),
            Figure.thousands(p.actual),
            Figure.thousands(p.forecast_year),
            Figure.thousands(p.deviation_year),
            Figure.thousands(p.forecast_total),
            Figure.thousands(p.deviation_total),
        ),
    )


def project_figure_table(table: ProjectTable) -> FigureTable:
    t = table.total
    total = FigureTableRow(
        label="Sum",
        cells=tuple(
            Figure.thousands(v)
            for v in (
                t.frame,
                t.budget,
                t.actual,
                t.forecast_year,
                t.deviation_year,
                t.forecast_total,
                t.deviation_total,
            )
        ),
        kind="total",
    )
    notes = ["Avvik = budsjett − prognose for året, og vedtatt ramme − sluttprognose; negativt avvik er merforbruk."]
    if table.without_frame:
        numbers = ", ".join(p.number for p in table.without_frame)
        notes.append(f"Uten vedtatt ramme (ikke med i summen av ramme og avvik mot ramme): {numbers}.")
    return FigureTable(
        caption=f"Investeringsprosjekter {table.period} ({THOUSANDS})",
        label_header="Prosjekt (status)",
        columns=PROJECT_COLUMNS,
        rows=(*(_project_row(p) for p in table.projects), total),
        notes=tuple(notes),
    )


def _overview_row(row: OverviewRow, kind: str) -> FigureTableRow:
    return FigureTableRow(
        label=row.label,
        cells=tuple(Figure.thousands(v) for v in (row.budget, row.actual, row.forecast, row.deviation)),
        kind=kind,
    )


INVESTMENT_SIGN_NOTES = {
    SignConvention.RESULT: (
        "Inntekter og finansiering vises som positive tall, utgifter som negative. "
        "Avvik = prognose − budsjett: positivt avvik er mindreforbruk eller merinntekt."
    ),
    SignConvention.EXPENDITURE: (
        "Utgifter vises som positive tall, inntekter og finansiering som negative. "
        "Avvik = budsjett − prognose: positivt avvik er mindreforbruk eller merinntekt."
    ),
}


def _signed_key(row: OverviewRow) -> str:
    if row.kind == "line":
        return row.key
    if row.kind == "sum" and row.group is not None:
        return f"sum:{row.group.value}"
    return "udekket"


def investment_signed(overview: InvestmentOverview, signs: SignConvention) -> tuple[SignedRow, ...]:
    """The § 5-5 lines as printed in `signs` (RESULT turns every figure round), with each sum's parts."""
    k = -1 if signs is SignConvention.RESULT else 1
    out = []
    for r in overview.rows:
        if r.kind == "sum":
            parts = tuple(x.key for x in overview.rows if x.kind == "line" and x.group is r.group)
        elif r.kind == "result":
            parts = tuple(_signed_key(x) for x in overview.rows if x.kind == "sum")
        else:
            parts = ()
        out.append(SignedRow(_signed_key(r), r.label, k * r.actual, k * r.budget, k * r.forecast, r.deviation, parts))
    return tuple(out)


def investment_signed_check(overview: InvestmentOverview, signs: SignConvention) -> list[Mismatch]:
    """The printed § 5-5 overview re-derived in the convention it is printed in (core.checks)."""
    rows = investment_signed(overview, signs)
    return signed_overview_check(rows, income_positive=signs is SignConvention.RESULT)


def overview_figure_tables(
    overview: InvestmentOverview, signs: SignConvention = SignConvention.RESULT
) -> tuple[FigureTable, FigureTable]:
    areas = FigureTable(
        caption=f"Investeringer i varige driftsmidler per område {overview.period} ({THOUSANDS})",
        label_header="Område",
        columns=OVERVIEW_COLUMNS,
        rows=(
            *(_overview_row(a, "unit") for a in overview.areas),
            _overview_row(_sum_row("Sum", "sum", overview.areas), "total"),
        ),
    )
    kinds = {"line": "unit", "sum": "sector", "result": "total"}
    lines = FigureTable(
        caption=f"Bevilgningsoversikt investering (§ 5-5) {overview.period} ({THOUSANDS})",
        label_header="Linje",
        columns=OVERVIEW_COLUMNS,
        rows=tuple(
            FigureTableRow(
                label=s.label,
                cells=tuple(Figure.thousands(v) for v in (s.budget, s.actual, s.forecast, s.deviation)),
                kind=kinds[r.kind],
            )
            for r, s in zip(overview.rows, investment_signed(overview, signs), strict=True)
        ),
        notes=(
            INVESTMENT_SIGN_NOTES[signs],
            "Regnskap hittil er ikke i balanse før årsavslutningen: bruk av lån og overføringer føres i "
            "hovedsak ved årets slutt.",
        ),
    )
    return areas, lines


def _direction(deviation: int) -> tuple[Run, ...]:
    if deviation == 0:
        return ("ingen avvik",)
    word = "et merforbruk" if deviation < 0 else "et mindreforbruk"
    return (f"{word} på ", Amount(deviation, AmountStyle.MILLIONS, absolute=True), " kroner")


def _threshold_text(threshold: Threshold) -> tuple[Run, ...]:
    parts: list[Run] = []
    if threshold.amount is not None:
        parts += [Amount(threshold.amount, AmountStyle.MILLIONS), " kroner"]
    if threshold.percent is not None:
        exponent = threshold.percent.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        parts += [" eller " if parts else "", Percent(threshold.percent, places), " av vedtatt ramme"]
    return tuple(parts)


def _significant_item(p: Project) -> tuple[Run, ...]:
    runs: list[Run] = [f"{p.label}: avvik i året ", Amount(p.deviation_year, AmountStyle.MILLIONS), " kr"]
    if p.deviation_total is not None:
        runs += [", avvik mot vedtatt ramme ", Amount(p.deviation_total, AmountStyle.MILLIONS), " kr"]
    runs.append(f". {p.comment}" if p.comment else ". (Ingen kommentar.)")
    return tuple(runs)


def investment_blocks(
    table: ProjectTable,
    overview: InvestmentOverview | None,
    threshold: Threshold,
    year_label: int,
    signs: SignConvention = SignConvention.RESULT,
) -> list[Block]:
    """The investments section of the tertial report; empty when the year has no projects."""
    if not table.projects:
        return []
    t = table.total
    n = len(table.projects)
    summary: tuple[Run, ...] = (
        f"Investeringsbudsjettet for {year_label} omfatter {n} {'prosjekt' if n == 1 else 'prosjekter'} med et "
        "samlet budsjett på ",
        Amount(t.budget, AmountStyle.MILLIONS),
        f" kroner. Regnskapet {table.period} er ",
        Amount(t.actual, AmountStyle.MILLIONS),
        " kroner, og prognosen for året er ",
        Amount(t.forecast_year, AmountStyle.MILLIONS),
        " kroner, ",
        *_direction(t.deviation_year),
        " i forhold til budsjettet.",
    )
    blocks: list[Block] = [Heading("Investeringer"), Paragraph(summary), project_figure_table(table)]
    significant = significant_deviations(table, threshold)
    blocks.append(Heading("Prosjekter med vesentlige avvik", level=3))
    if significant:
        blocks.append(Paragraph(("Prosjekter med avvik over ", *_threshold_text(threshold), ":")))
        blocks.append(ItemList(tuple(_significant_item(p) for p in significant)))
    else:
        blocks.append(Paragraph(("Ingen prosjekter har avvik over ", *_threshold_text(threshold), ".")))
    if overview is not None:
        areas, lines = overview_figure_tables(overview, signs)
        blocks += [Heading("Bevilgningsoversikt investering", level=3), areas, lines]
    return blocks
