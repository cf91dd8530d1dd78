"""Building the monthly status report ("Status regnskap pr. 31.03.24") as a Document.

Order and content follow the source report: summary (unit deviation, the expected extra revenues
itemised, net prognosis), the unit table, the comments per sector and unit, the signature. Sections
whose data is absent are left out, not printed empty.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .checks import Mismatch
from .comments import SectorComment, UnitComment
from .decisions import STATUS_LABELS, DecisionReportItem
from .document import (
    EDITION_NOTES,
    Amount,
    AmountStyle,
    Block,
    CentralItemsBlock,
    ChartBar,
    CheckWarning,
    CommentsBlock,
    Contents,
    Cover,
    DeviationChart,
    Document,
    Edition,
    Figure,
    FigureTable,
    FigureTableRow,
    Heading,
    ItemList,
    MonthlyPoint,
    MonthlyProfileChart,
    PageBreak,
    Paragraph,
    Percent,
    Run,
    SectorCommentsView,
    Signature,
    StatusTableBlock,
    Theme,
    TrendChart,
    TrendSeries,
    UnitCommentView,
)
from .milestones import Plan, plan_blocks
from .money import ratio_percent, round_half_up
from .org import Organisation
from .periods import MONTHS_NB, Period
from .projection import Bridge, Flag, bridge_blocks, forecast_control_blocks
from .sections import PLACE_INTRO, PLACE_SICK_LEAVE, Section, html_blocks, section_blocks
from .sickleave import Trend
from .status import CentralItem, StatusTable, net_result_compute
from .text import clipped


def status_report_title(period: Period) -> str:
    return f"Status regnskap pr. {period.end_date:%d.%m.%y}"


def tertial_report_title(period: Period) -> str:
    """'1. tertialrapport 2024' for the report pr. 30.04.2024."""
    return f"{period.tertial}. tertialrapport {period.year}"


@dataclass(frozen=True)
class ReportPart:
    """One module's sections of the tertial report (appropriation overview, proposals, investments,
    finance), with the mismatches its own consistency check found. Empty when the module has no data.
    `summary`: what the module puts on the report's one-page summary; `resolution`: the draft
    resolution («Forslag til vedtak»), which the tertial report prints right after the summary."""

    blocks: tuple[Block, ...] = ()
    mismatches: tuple[Mismatch, ...] = ()
    summary: tuple[Block, ...] = ()
    resolution: tuple[Block, ...] = ()


def _direction(deviation: int) -> str:
    return "et merforbruk" if deviation < 0 else "et mindreforbruk" if deviation > 0 else "balanse"


def _sized(deviation: int) -> tuple[Run, ...]:
    """'et merforbruk på ' + 62,7 mill. kroner, or 'balanse'."""
    if deviation == 0:
        return ("balanse",)
    return (f"{_direction(deviation)} på ", Amount(deviation, AmountStyle.MILLIONS, absolute=True), " kroner")


def summary_paragraphs(table: StatusTable, central: Sequence[CentralItem]) -> list[Block]:
    net = net_result_compute(table, central)
    blocks: list[Block] = []
    opening: list[Run] = [
        f"Prognosen legges fram med utgangspunkt i regnskapstall pr. {table.period.end_date:%d.%m.%Y}. ",
        "Enhetene rapporterer samlet ",
        *_sized(net.unit_deviation),
        " i forhold til gjeldende budsjett.",
    ]
    extra = [c for c in central if c.deviation != 0]
    if extra:
        verb = "bedrer" if net.central_deviation > 0 else "svekker"
        opening += [
            f" Samtidig forventes avvik på sentrale poster som {verb} resultatet med ",
            Amount(net.central_deviation, AmountStyle.MILLIONS, absolute=True),
            f" kroner, slik at prognosen {table.period} er ",
            *_sized(net.net),
            ".",
        ]
    blocks.append(Paragraph(tuple(opening)))
    if extra:
        blocks.append(Paragraph(("De forventede avvikene på sentrale poster er knyttet til følgende forhold:",)))
        blocks.append(ItemList(tuple((c.text, ": ", Amount(c.deviation, AmountStyle.MILLIONS), " kr") for c in extra)))
    unchanged = [c.text.lower() for c in central if c.deviation == 0]
    if unchanged:
        listed = ", ".join(unchanged[:-1]) + (" og " if len(unchanged) > 1 else "") + unchanged[-1]
        blocks.append(
            Paragraph((f"Det er ikke meldt avvik for {listed}; prognosene for disse holdes på budsjettnivå.",))
        )
    return blocks


def comments_view(
    org: Organisation, units: Mapping[str, UnitComment], sectors: Mapping[str, SectorComment]
) -> CommentsBlock | None:
    views = []
    for s in org.sectors:
        unit_views = tuple(
            UnitCommentView(code=u.code, name=u.name, comment=units[u.code])
            for u in org.units_of(s.code)
            if u.code in units
        )
        if unit_views or s.code in sectors:
            views.append(SectorCommentsView(code=s.code, name=s.name, comment=sectors.get(s.code), units=unit_views))
    return CommentsBlock(tuple(views)) if views else None


def deviation_chart_build(table: StatusTable, max_bars: int = 30) -> DeviationChart | None:
    """Units with a deviation, largest overspend first; None when every unit is on budget.

    Units on budget are left out of the bars (they would be empty rows). At most `max_bars` bars, the
    largest deviations either way, so that the chart fits on one A4 page; the note counts the rest.
    """
    units = table.units
    order = {r.code: n for n, r in enumerate(units)}
    moved_all = [r for r in units if r.deviation != 0]
    if not moved_all:
        return None
    largest = sorted(moved_all, key=lambda r: (-abs(r.deviation), order[r.code]))[:max_bars]
    moved = sorted(largest, key=lambda r: (r.deviation, order[r.code]))
    over = sorted((r for r in moved_all if r.deviation < 0), key=lambda r: (r.deviation, order[r.code]))
    under = [r for r in moved_all if r.deviation > 0]
    description: list[Run] = [f"Avvik mellom budsjett og prognose per enhet {table.period}. "]
    if over:
        worst = over[0]
        description += [
            f"{len(over)} {'enhet melder' if len(over) == 1 else 'enheter melder'} merforbruk, størst ved "
            f"{worst.code} {worst.name} (",
            Amount(worst.deviation, AmountStyle.MILLIONS),
            " kr). ",
        ]
    if under:
        description.append(f"{len(under)} {'enhet melder' if len(under) == 1 else 'enheter melder'} mindreforbruk. ")
    description += ["Samlet avvik for enhetene er ", Amount(table.total.deviation, AmountStyle.MILLIONS), " kr."]
    still = len(units) - len(moved_all)
    smaller = len(moved_all) - len(moved)
    note = "Negativt avvik (rødt) er merforbruk."
    if smaller:
        units_word = "enhet" if smaller == 1 else "enheter"
        note += f" Viser de {len(moved)} største avvikene; {smaller} {units_word} med mindre avvik er ikke vist."
    if still:
        note += f" {still} {'enhet' if still == 1 else 'enheter'} uten avvik er ikke vist."
    return DeviationChart(
        title=f"Avvik per enhet {table.period}",
        bars=tuple(ChartBar(label=f"{r.code} {r.name}", value=r.deviation) for r in moved),
        description=tuple(description),
        note=note,
    )


def monthly_profile_build(
    table: StatusTable,
    monthly_actuals: Mapping[int, int],
    monthly_budget: Mapping[int, int] | None = None,
) -> MonthlyProfileChart | None:
    """Cumulative actuals per month against the cumulative budget profile, for the whole municipality.

    Without a periodised budget (`monthly_budget`, øre per month) the profile is the revised annual
    budget spread evenly, budget × month / 12, and the chart says so. None when no actuals are given,
    or when they do not add up to the table's actuals (a locked round's table after a re-import): a
    chart that contradicts the table is left out.
    """
    if not monthly_actuals or sum(monthly_actuals.values()) != table.total.actual:
        return None
    period = table.period
    annual = table.total.budget
    points: list[MonthlyPoint] = []
    actual_sum = budget_sum = 0
    for m in range(1, 13):
        if monthly_budget is not None:
            budget_sum += monthly_budget.get(m, 0)
            profile = budget_sum
        else:
            profile = int(round_half_up(Decimal(annual) * m / 12))
        actual: int | None = None
        if m <= period.month:
            actual_sum += monthly_actuals.get(m, 0)
            actual = actual_sum
        points.append(MonthlyPoint(month=m, label=MONTHS_NB[m - 1][:3], budget_profile=profile, actual=actual))
    now = points[period.month - 1]
    assert now.actual is not None
    description: tuple[Run, ...] = (
        f"Regnskap hittil i år for hele kommunen {period} er ",
        Amount(now.actual, AmountStyle.MILLIONS),
        " kr mot ",
        Amount(now.budget_profile, AmountStyle.MILLIONS),
        " kr i budsjettprofilen (",
        Percent(ratio_percent(now.actual, now.budget_profile)),
        " av profilen). Årsbudsjettet er ",
        Amount(annual, AmountStyle.MILLIONS),
        " kr.",
    )
    note = (
        "Budsjettprofilen er periodisert budsjett: importert, eller fordelt som enhetenes regnskap i tidligere år."
        if monthly_budget is not None
        else "Budsjettprofilen er årsbudsjettet fordelt likt på måneder (budsjett × måned / 12), "
        "fordi det ikke finnes et periodisert budsjett."
    )
    return MonthlyProfileChart(
        title=f"Regnskap hittil i år mot budsjettprofil {period.year}",
        points=tuple(points),
        description=description,
        note=note,
    )


def _with_tables(comments: CommentsBlock, tables: Sequence[tuple[str, FigureTable]]) -> CommentsBlock:
    """The comments with each unit's indicator tables attached to its comment."""
    return CommentsBlock(
        tuple(
            replace(
                s,
                units=tuple(replace(u, tables=tuple(t for code, t in tables if code == u.code)) for u in s.units),
            )
            for s in comments.sectors
        )
    )


def sector_trend_chart(table: FigureTable) -> TrendChart | None:
    """The sector and municipal rows of a percent table (sick leave) as lines over its columns; left
    out when fewer than two periods or no sector has figures."""
    series = tuple(
        TrendSeries(r.label, tuple(c.value for c in r.cells), emphasis=r.kind == "total")
        for r in table.rows
        if r.kind in ("sector", "total") and any(c.value is not None for c in r.cells)
    )
    if len(table.columns) < 2 or not series:
        return None
    return TrendChart(
        title=f"{table.caption}: utvikling per tjenesteområde",
        labels=table.columns,
        series=series,
        description=(
            f"{table.caption}, i prosent, for {sum(not x.emphasis for x in series)} tjenesteområder"
            f"{' og kommunen samlet' if any(x.emphasis for x in series) else ''}, "
            f"{table.columns[0].lower()}–{table.columns[-1].lower()}.",
        ),
    )


def year_trend_chart(trend: Trend) -> TrendChart | None:
    """One sector's (or the municipality's) sick leave per month, one line per year (the year and the
    two before; this year drawn heaviest); None when there are no figures. The sick leave page draws
    it with renderers.charts like every other chart."""
    if not any(v is not None for ys in trend.values for v in ys):
        return None
    runs: list[Run] = []
    for n, (year, ys) in enumerate(zip(trend.years, trend.values, strict=True)):
        runs.append(f"{'; ' if n else ''}{year}: ")
        shown = [(m, v) for m, v in zip(trend.months, ys, strict=True) if v is not None]
        for k, (m, v) in enumerate(shown):
            runs += [f"{', ' if k else ''}{MONTHS_NB[m - 1]} ", Percent(v, 2)]
        if not shown:
            runs.append("ingen tall")
    return TrendChart(
        title=f"Sykefravær {trend.label} per måned",
        labels=tuple(MONTHS_NB[m - 1][:3] for m in trend.months),
        series=tuple(
            TrendSeries(str(year), ys, emphasis=year == trend.years[-1])
            for year, ys in zip(trend.years, trend.values, strict=True)
        ),
        description=tuple(runs),
    )


DECISION_TEXT_CHARS = 300  # the report quotes the start of a long decision; the register has all of it


def _decision_runs(item: DecisionReportItem, *, closed: bool) -> tuple[Run, ...]:
    text = clipped(item.text, DECISION_TEXT_CHARS)
    facts = [f"ansvarlig: {item.responsible}" if item.responsible else ""]
    if closed and item.closed_on:
        facts.append(f"{STATUS_LABELS[item.status].lower()} {item.closed_on:%d.%m.%Y}")
    else:
        facts.append(f"forventet avsluttet: {item.expected}" if item.expected else "")
        facts.append(f"status: {STATUS_LABELS[item.status].lower()}")
    shown = "; ".join(f for f in facts if f)
    return (f"{item.reference} {item.case_title}: {text}" + (f" ({shown})" if shown else ""),)


def decisions_blocks(
    overdue: Sequence[DecisionReportItem], closed: Sequence[DecisionReportItem], period: Period
) -> list[Block]:
    """Political decisions under follow-up: points overdue at the period end and points closed in the
    period's month. Left out when there are none."""
    if not overdue and not closed:
        return []
    blocks: list[Block] = [Heading("Politiske vedtak under oppfølging")]
    if overdue:
        blocks.append(Paragraph((f"Vedtakspunkter der forventet avslutning er passert {period} ({len(overdue)}):",)))
        blocks.append(ItemList(tuple(_decision_runs(i, closed=False) for i in overdue)))
    if closed:
        blocks.append(Paragraph((f"Avsluttet i {period.month_name} {period.year} ({len(closed)}):",)))
        blocks.append(ItemList(tuple(_decision_runs(i, closed=True) for i in closed)))
    return blocks


@dataclass(frozen=True)
class ReportData:
    """Everything a report is built from (core values), for the status report and the tertial report alike."""

    municipality: str
    org: Organisation
    table: StatusTable
    central: Sequence[CentralItem]
    unit_comments: Mapping[str, UnitComment]
    sector_comments: Mapping[str, SectorComment]
    signature: Signature | None
    mismatches: Sequence[Mismatch] = ()
    monthly_actuals: Mapping[int, int] | None = None
    monthly_budget: Mapping[int, int] | None = None
    charts: bool = True
    sick_leave: FigureTable | None = None
    indicator_tables: Sequence[tuple[str, FigureTable]] = ()
    milestone_plans: Sequence[Plan] = ()
    sections: Sequence[tuple[Section, Sequence[FigureTable]]] = ()
    decisions_overdue: Sequence[DecisionReportItem] = ()
    decisions_closed: Sequence[DecisionReportItem] = ()
    forecast_flags: Sequence[Flag] = ()
    forecast_bridge: Bridge | None = None
    forecast_history_years: Sequence[int] = ()
    edition: Edition = Edition.COUNCIL
    theme: Theme = field(default_factory=Theme)


def _opening(data: ReportData) -> list[Block]:
    """The summary paragraphs, with the sections placed in the introduction («innledning») after
    their first sentence, as the source prints «Det legges ikke opp til budsjettjusteringer ennå …»."""
    blocks = summary_paragraphs(data.table, data.central)
    intro = " ".join(
        " ".join(text for _, text in html_blocks(s.html)) for s, _ in data.sections if s.placement == PLACE_INTRO
    ).strip()
    if intro and blocks and isinstance(blocks[0], Paragraph):
        runs = blocks[0].runs
        blocks[0] = Paragraph((runs[0], intro + " ", *runs[1:]))
    return blocks


def _status_blocks(data: ReportData) -> list[Block]:
    """Summary, the unit table, the charts and the central items (the status report's first part)."""
    table = data.table
    blocks: list[Block] = _opening(data)
    blocks.append(
        StatusTableBlock(table=table, caption=f"Tallene for enhetene ved utgangen av {table.period.month_name}")
    )
    if data.charts:
        deviation = deviation_chart_build(table)
        if deviation:
            blocks.append(deviation)
        profile = monthly_profile_build(table, data.monthly_actuals or {}, data.monthly_budget)
        if profile:
            blocks.append(profile)
    if data.central:
        blocks.append(Heading("Sentrale poster og netto prognose"))
        blocks.append(CentralItemsBlock(tuple(data.central), net_result_compute(table, data.central)))
    blocks += bridge_blocks(data.forecast_bridge)
    return blocks


def _content_blocks(data: ReportData) -> list[Block]:
    """Comments, sick leave (with its commentary), milestone plans, free sections and decisions."""
    blocks: list[Block] = []
    comments = comments_view(data.org, data.unit_comments, data.sector_comments)
    # Content (issue 6), in the seed's order: indicator tables under their unit's comment, then sick
    # leave, milestone plans and the free sections; a table whose unit has no comment goes last.
    attached = {code for code, _ in data.indicator_tables if code}
    if comments and attached:
        comments = _with_tables(comments, data.indicator_tables)
        attached = {u.code for s in comments.sectors for u in s.units if u.tables}
    if comments:
        blocks.append(Heading("Kommentarer"))
        blocks.append(comments)
    sick_leave = data.sick_leave
    if sick_leave:
        blocks.append(Heading(sick_leave.caption))
        blocks.append(sick_leave)
        trend = sector_trend_chart(sick_leave)
        if trend:
            blocks.append(trend)
        for section, section_tables in data.sections:
            if section.placement == PLACE_SICK_LEAVE:
                blocks += section_blocks(section, section_tables)[1:]  # under the table's heading
    for plan in data.milestone_plans:
        blocks += plan_blocks(plan, data.table.period.end_date)
    for section, section_tables in data.sections:
        if not section.placement or (section.placement == PLACE_SICK_LEAVE and not sick_leave):
            blocks += section_blocks(section, section_tables)
    blocks += [t for code, t in data.indicator_tables if code not in attached]
    blocks += decisions_blocks(data.decisions_overdue, data.decisions_closed, data.table.period)
    return blocks


WORKING_NOTES_HEADING = "Arbeidsnotater for økonomiavdelingen"


def working_notes(data: ReportData) -> list[Block]:
    """What finance follows up before the report goes out: units without a reported forecast, units
    with a deviation and no comment, and the consistency check's result."""
    table = data.table
    missing = [r.label for r in table.units if not r.forecast_reported]
    silent = [r.label for r in table.units if r.deviation and r.code not in data.unit_comments]
    items: list[tuple[Run, ...]] = [
        (
            f"Prognose ikke meldt ({len(missing)}): {', '.join(missing)}."
            if missing
            else "Alle enheter har meldt prognose.",
        ),
        (
            f"Avvik uten kommentar ({len(silent)}): {', '.join(silent)}."
            if silent
            else "Alle enheter med avvik har kommentar.",
        ),
        (
            f"Kontrollen fant {len(data.mismatches)} avvik i tallene (se advarselen først i rapporten)."
            if data.mismatches
            else "Kontrollen fant ingen avvik: delsummer, totaler, avvik og prosenter stemmer.",
        ),
    ]
    return [Heading(WORKING_NOTES_HEADING), ItemList(tuple(items))]


def _internal_blocks(data: ReportData) -> list[Block]:
    """The internal edition's annexes (finance only): working notes and the statistical control of
    the forecasts."""
    if data.edition is not Edition.INTERNAL:
        return []
    return working_notes(data) + forecast_control_blocks(
        data.forecast_flags, data.table.period, data.forecast_history_years
    )


def report_build(data: ReportData, *, title: str | None = None) -> Document:
    """The monthly status report in the source's order."""
    blocks: list[Block] = []
    if data.mismatches:
        blocks.append(CheckWarning(tuple(data.mismatches)))
    blocks += _status_blocks(data)
    blocks += _content_blocks(data)
    if data.signature:
        blocks.append(data.signature)
    blocks += _internal_blocks(data)
    return Document(
        title=title or status_report_title(data.table.period),
        municipality=data.municipality,
        period_end=data.table.period.end_date,
        blocks=tuple(blocks),
        edition=data.edition,
        theme=data.theme,
    )


SUMMARY_HEADING = "Sammendrag"
RESOLUTION_HEADING = "Forslag til vedtak"
STATUS_CHAPTER = "Økonomisk status"
LARGEST_DEVIATIONS = 5


def net_result_table(table: StatusTable, central: Sequence[CentralItem]) -> FigureTable:
    """The year's net result in one small table: the units' deviation, each central item, the net."""
    net = net_result_compute(table, central)
    rows = [FigureTableRow("Enhetene samlet", (Figure.thousands(net.unit_deviation),))]
    rows += [FigureTableRow(c.text, (Figure.thousands(c.deviation),)) for c in central if c.deviation]
    rows.append(FigureTableRow("Netto prognose (avvik mot budsjett)", (Figure.thousands(net.net),), "total"))
    return FigureTable(
        caption=f"Prognose for året {table.period}: avvik mot budsjett (tall i 1000 kr)",
        label_header="Post",
        columns=("Avvik",),
        rows=tuple(rows),
        notes=("Positivt avvik bedrer resultatet; negativt avvik er merforbruk.",),
        short_title="Prognose for året",
    )


def largest_deviations_table(table: StatusTable, n: int = LARGEST_DEVIATIONS) -> FigureTable | None:
    """The `n` units with the largest deviation either way, largest first; None when none deviates."""
    order = {r.code: i for i, r in enumerate(table.units)}
    moved = sorted((r for r in table.units if r.deviation), key=lambda r: (-abs(r.deviation), order[r.code]))[:n]
    if not moved:
        return None
    return FigureTable(
        caption=f"De {len(moved)} største avvikene per enhet {table.period} (tall i 1000 kr)",
        label_header="Enhet",
        columns=("Budsjett", "Prognose", "Avvik"),
        rows=tuple(
            FigureTableRow(
                r.label, (Figure.thousands(r.budget), Figure.thousands(r.forecast), Figure.thousands(r.deviation))
            )
            for r in moved
        ),
        short_title="De største avvikene",
    )


def _sub_headings(blocks: Sequence[Block]) -> list[Block]:
    """The status part's chapters as sections of one chapter (level 2 → 3)."""
    return [Heading(b.text, 3) if isinstance(b, Heading) and b.level == 2 else b for b in blocks]


def tertial_report_build(
    data: ReportData,
    *,
    title: str,
    parts: Sequence[ReportPart] = (),
    subtitle: str = "Rapport til formannskapet og kommunestyret",
) -> Document:
    """The statutory tertial report as a document of its own: cover, table of contents, a one-page
    summary (net result with the central items, the largest deviations, the proposals, the finance key
    figures), «Forslag til vedtak» right after it, then the chapters; the internal annex last."""
    table = data.table
    blocks: list[Block] = [
        Cover(
            title=title,
            municipality=data.municipality,
            period_end=table.period.end_date,
            subtitle=subtitle,
            edition_note=EDITION_NOTES[data.edition],
        ),
        Contents(),
        PageBreak(),
    ]
    if data.mismatches:
        blocks.append(CheckWarning(tuple(data.mismatches)))
    net = net_result_compute(table, data.central)
    blocks += [
        Heading(SUMMARY_HEADING),
        Paragraph(
            (
                f"Prognosen {table.period} viser ",
                *_sized(net.net),
                " for året: enhetene melder ",
                *_sized(net.unit_deviation),
                ", og sentrale poster ",
                "bedrer" if net.central_deviation >= 0 else "svekker",
                " resultatet med ",
                Amount(net.central_deviation, AmountStyle.MILLIONS, absolute=True),
                " kroner.",
            )
        ),
        net_result_table(table, data.central),
    ]
    largest = largest_deviations_table(table)
    if largest:
        blocks.append(largest)
    for part in parts:
        blocks += part.summary
    resolution = [b for part in parts for b in part.resolution]
    if resolution:
        blocks += [PageBreak(), *resolution]  # the proposals part's own heading «Forslag til vedtak»
    blocks += [PageBreak(), Heading(STATUS_CHAPTER), *_sub_headings(_status_blocks(data))]
    for part in parts:
        blocks += part.blocks
    blocks += _content_blocks(data)
    if data.signature:
        blocks.append(data.signature)
    blocks += _internal_blocks(data)
    return Document(
        title=title,
        municipality=data.municipality,
        period_end=table.period.end_date,
        blocks=tuple(blocks),
        edition=data.edition,
        theme=data.theme,
    )


def status_report_build(
    *,
    municipality: str,
    org: Organisation,
    table: StatusTable,
    central: Sequence[CentralItem],
    unit_comments: Mapping[str, UnitComment],
    sector_comments: Mapping[str, SectorComment],
    signature: Signature | None,
    mismatches: Sequence[Mismatch] = (),
    monthly_actuals: Mapping[int, int] | None = None,
    monthly_budget: Mapping[int, int] | None = None,
    charts: bool = True,
    sick_leave: FigureTable | None = None,
    indicator_tables: Sequence[tuple[str, FigureTable]] = (),
    milestone_plans: Sequence[Plan] = (),
    sections: Sequence[tuple[Section, Sequence[FigureTable]]] = (),
    decisions_overdue: Sequence[DecisionReportItem] = (),
    decisions_closed: Sequence[DecisionReportItem] = (),
    forecast_flags: Sequence[Flag] = (),
    forecast_bridge: Bridge | None = None,
    forecast_history_years: Sequence[int] = (),
    title: str | None = None,
    parts: Sequence[ReportPart] = (),
    edition: Edition = Edition.COUNCIL,
) -> Document:
    """The report in the source's order (keyword form of report_build). `monthly_actuals` (øre per
    month, whole municipality) adds the chart of actuals against the budget profile; `charts=False`
    leaves out every chart. `parts` (the tertial report's sections) follow the status report's
    sections, before the signature. The statistical annex is in the internal edition only."""
    data = ReportData(
        municipality=municipality,
        org=org,
        table=table,
        central=central,
        unit_comments=unit_comments,
        sector_comments=sector_comments,
        signature=signature,
        mismatches=mismatches,
        monthly_actuals=monthly_actuals,
        monthly_budget=monthly_budget,
        charts=charts,
        sick_leave=sick_leave,
        indicator_tables=indicator_tables,
        milestone_plans=milestone_plans,
        sections=sections,
        decisions_overdue=decisions_overdue,
        decisions_closed=decisions_closed,
        forecast_flags=forecast_flags,
        forecast_bridge=forecast_bridge,
        forecast_history_years=forecast_history_years,
        edition=edition,
    )
    if not parts:
        return report_build(data, title=title)
    doc = report_build(replace(data, signature=None, forecast_flags=()), title=title)
    tail: list[Block] = [b for part in parts for b in (*part.blocks, *part.resolution)]
    if signature:
        tail.append(signature)
    tail += _internal_blocks(data)
    return replace(doc, blocks=doc.blocks + tuple(tail))
