"""Building the monthly status report ("Status regnskap pr. 31.03.24") as a Document.

Order and content follow the source report: summary (unit deviation, the expected extra revenues
itemised, net prognosis), the unit table, the comments per sector and unit, the signature. Sections
whose data is absent are left out, not printed empty.
"""

from collections.abc import Mapping, Sequence

from .checks import Mismatch
from .comments import SectorComment, UnitComment
from .document import (
    Amount,
    AmountStyle,
    Block,
    CentralItemsBlock,
    CheckWarning,
    CommentsBlock,
    Document,
    Heading,
    ItemList,
    Paragraph,
    Run,
    SectorCommentsView,
    Signature,
    StatusTableBlock,
    UnitCommentView,
)
from .org import Organisation
from .periods import Period
from .status import CentralItem, StatusTable, net_result_compute


def status_report_title(period: Period) -> str:
    return f"Status regnskap pr. {period.end_date:%d.%m.%y}"


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
) -> Document:
    blocks: list[Block] = []
    if mismatches:
        blocks.append(CheckWarning(tuple(mismatches)))
    blocks += summary_paragraphs(table, central)
    blocks.append(
        StatusTableBlock(table=table, caption=f"Tallene for enhetene ved utgangen av {table.period.month_name}")
    )
    if central:
        blocks.append(Heading("Sentrale poster og netto prognose"))
        blocks.append(CentralItemsBlock(tuple(central), net_result_compute(table, central)))
    comments = comments_view(org, unit_comments, sector_comments)
    if comments:
        blocks.append(Heading("Kommentarer"))
        blocks.append(comments)
    if signature:
        blocks.append(signature)
    return Document(
        title=status_report_title(table.period),
        municipality=municipality,
        period_end=table.period.end_date,
        blocks=tuple(blocks),
    )
