"""This app's part of the statutory tertial report (tertial.web.reports.documents.tertial_report_document):
the proposed budget changes as a table, the revised ramme per area, and the draft resolution."""

from collections.abc import Collection

from tertial.core import proposals as core
from tertial.core.appropriation import general_line
from tertial.core.checks import Mismatch
from tertial.core.document import (
    Amount,
    AmountStyle,
    Block,
    Figure,
    FigureTable,
    FigureTableRow,
    Heading,
    ItemList,
    Paragraph,
    Run,
)
from tertial.core.report import ReportPart

from .selectors import proposals_page_get, unit_names


def _line_label(line: core.ProposalLine, names: dict[str, str]) -> str:
    if line.ansvar:
        return f"{line.ansvar} {names.get(line.ansvar, '')}".strip()
    label = general_line(line.general_line).label
    return f"{label} – {line.text}" if line.text else label


def proposals_table(proposals: list[core.Proposal], names: dict[str, str]) -> FigureTable:
    rows: list[FigureTableRow] = []
    for p in proposals:
        for line in p.lines:
            rows.append(FigureTableRow(_line_label(line, names), (Figure.thousands(line.amount),)))
        rows.append(FigureTableRow(f"Sum forslag {p.number}: {p.title}", (Figure.thousands(p.balance),), "sector"))
    rows.append(FigureTableRow("Sum alle forslag", (Figure.thousands(sum(p.balance for p in proposals)),), "total"))
    return FigureTable(
        caption="Forslag til budsjettendringer (tall i 1000 kr)",
        label_header="Ansvar eller linje i bevilgningsoversikten",
        columns=("Endring",),
        rows=tuple(rows),
        notes=("Positivt beløp er økt netto utgift (økt ramme); negativt beløp er økt inntekt eller bruk av fond.",),
    )


def areas_table(totals: tuple[core.AreaTotal, ...]) -> FigureTable:
    rows = [
        FigureTableRow(t.area.name, (Figure.thousands(t.before), Figure.thousands(t.change), Figure.thousands(t.after)))
        for t in totals
    ]
    rows.append(
        FigureTableRow(
            "Sum rammeområder",
            tuple(Figure.thousands(sum(getattr(t, c) for t in totals)) for c in ("before", "change", "after")),
            "total",
        )
    )
    return FigureTable(
        caption="Netto driftsramme per rammeområde (tall i 1000 kr)",
        label_header="Rammeområde",
        columns=("Gjeldende budsjett", "Forslag", "Ny ramme"),
        rows=tuple(rows),
    )


def proposals_check(proposals: list[core.Proposal]) -> tuple[Mismatch, ...]:
    """Every proposal must balance: the sum of its lines is 0."""
    return tuple(
        Mismatch(
            f"Forslag {p.number} {p.title}", "Endring", p.balance, 0, "et forslag balanserer (summen av linjene er 0)"
        )
        for p in proposals
        if p.balance != 0
    )


def report_part(*, year: int, month: int, withhold: Collection[str] = ()) -> ReportPart:
    """Blocks for the tertial report pr. the end of `month`; empty when there are no proposals."""
    page = proposals_page_get(year=year, period=month)
    if not page.proposals:
        return ReportPart()
    proposals = [v.core for v in page.proposals]
    names = unit_names(year)
    blocks: list[Block] = [
        Heading("Forslag til budsjettendringer"),
        proposals_table(proposals, names),
    ]
    for v in page.proposals:
        if v.core.reason:
            blocks.append(Paragraph((f"Forslag {v.core.number}, {v.core.title}: {v.core.reason}",)))
    blocks.append(areas_table(page.totals))
    r = page.resolution
    resolution: list[Block] = [Paragraph(point) for point in r.points]
    resolution.append(Paragraph(r.closing))
    resolution.append(ItemList(r.areas))
    return ReportPart(
        blocks=tuple(blocks),
        mismatches=proposals_check(proposals),
        summary=(proposals_summary(proposals),),
        resolution=(Heading("Forslag til vedtak"), *resolution),
    )


def proposals_summary(proposals: list[core.Proposal]) -> Paragraph:
    """The proposals in one sentence for the report's summary: how many, the increased and reduced
    net expenditure (frames up; income and funds), and that they balance."""
    lines = [line.amount for p in proposals for line in p.lines]
    up = sum(a for a in lines if a > 0)
    down = -sum(a for a in lines if a < 0)
    total = sum(p.balance for p in proposals)
    runs: list[Run] = [
        f"Kommunedirektøren legger fram {len(proposals)} forslag til budsjettendringer som øker netto utgifter med ",
        Amount(up, AmountStyle.MILLIONS, absolute=True),
        " kroner, dekket av økte inntekter, reduserte rammer og bruk av fond på ",
        Amount(down, AmountStyle.MILLIONS, absolute=True),
        " kroner. ",
    ]
    if total == 0:
        runs.append("Forslagene er i balanse.")
    else:
        runs += ["Forslagene er ikke i balanse: differansen er ", Amount(total, AmountStyle.MILLIONS), " kroner."]
    return Paragraph(tuple(runs))
