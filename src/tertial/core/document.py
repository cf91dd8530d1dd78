"""The one report document model every renderer consumes (HTML now; PDF, DOCX and XLSX slot in).

A document is a title and a list of blocks. Text that contains figures is a sequence of runs, where
a figure stays a typed value (Amount, Percent) so that each renderer formats it once, through
renderers/numbers.py, and no renderer computes anything.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .checks import Mismatch
from .comments import SectorComment, UnitComment
from .status import CentralItem, NetResult, StatusTable


class AmountStyle(StrEnum):
    KRONER = "kroner"  # 1 234 567 kr
    THOUSANDS = "thousands"  # 1 235 (in a table "tall i 1000 kr")
    MILLIONS = "millions"  # 62,7 mill. kr


@dataclass(frozen=True)
class Amount:
    ore: int
    style: AmountStyle = AmountStyle.MILLIONS
    absolute: bool = False  # "et merforbruk på 62,7 mill." states the size; the word carries the sign


@dataclass(frozen=True)
class Percent:
    value: Decimal | None
    places: int = 1


Run = str | Amount | Percent


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


class Edition(StrEnum):
    """Who a report is for. The council edition is what the CLI, the web download and publishing give
    by default; the internal edition (finance only) adds the statistical annex and working notes."""

    COUNCIL = "politisk"
    INTERNAL = "intern"


EDITION_NOTES = {
    Edition.COUNCIL: "",
    Edition.INTERNAL: "Intern utgave for økonomiavdelingen – ikke for publisering",
}


class SignConvention(StrEnum):
    """How the § 5-4 and § 5-5 overviews print their figures; both are in use in Norwegian municipalities.

    RESULT: income positive and expenditure negative, so a surplus (netto driftsresultat) is positive.
    EXPENDITURE: net expenditure positive and income negative (the ledger's sign), so a surplus is
    negative. In both, a positive deviation improves the result."""

    RESULT = "resultat"
    EXPENDITURE = "utgift"


@dataclass(frozen=True)
class Theme:
    """The municipality's graphic profile for the documents (the web app uses the same fields):
    pure data, the files as bytes. Empty fields give the defaults (no colour, no logo, DejaVu Sans)."""

    colour: str = ""  # "#rrggbb"
    logo: bytes = b""
    logo_type: str = ""  # "image/svg+xml" | "image/png"
    font: bytes = b""  # a TrueType/OpenType file
    font_name: str = ""  # its family name
    word_template: bytes = b""  # a .dotx/.docx whose styles, header and footer the DOCX is built on


@dataclass(frozen=True)
class Cover:
    """The front page: municipality (and logo), title, the report's date and a case number to fill in."""

    title: str
    municipality: str
    period_end: date
    subtitle: str = ""
    case_number_label: str = "Saksnummer"
    edition_note: str = ""


@dataclass(frozen=True)
class Contents:
    """A table of contents over the chapters (level-2 headings) that follow it, with page numbers."""

    title: str = "Innhold"


@dataclass(frozen=True)
class PageBreak:
    """The next block starts on a new page (printed formats; nothing on a screen)."""


@dataclass(frozen=True)
class ItemList:
    """A bulleted list; each item is a sequence of runs (e.g. text, then an amount)."""

    items: tuple[tuple[Run, ...], ...]


@dataclass(frozen=True)
class StatusTableBlock:
    table: StatusTable
    caption: str
    unit_label: str = "tall i 1000 kr"


@dataclass(frozen=True)
class CentralItemsBlock:
    items: tuple[CentralItem, ...]
    net: NetResult


@dataclass(frozen=True)
class UnitCommentView:
    code: str
    name: str
    comment: UnitComment
    tables: tuple["FigureTable", ...] = ()  # indicator tables that belong to the comment (e.g. NAV's)


@dataclass(frozen=True)
class SectorCommentsView:
    code: str
    name: str
    comment: SectorComment | None
    units: tuple[UnitCommentView, ...]


@dataclass(frozen=True)
class CommentsBlock:
    sectors: tuple[SectorCommentsView, ...]


@dataclass(frozen=True)
class Signature:
    name: str
    title: str


@dataclass(frozen=True)
class CheckWarning:
    """Shown at the top of a report that was rendered despite consistency mismatches."""

    mismatches: tuple[Mismatch, ...]


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: int  # øre


@dataclass(frozen=True)
class DeviationChart:
    """Deviation (budsjett − prognose) per unit as horizontal bars; a negative value is overspend.

    `description` is the chart's text alternative (runs, so figures stay typed); `note` says what
    was left out. Renderers draw the bars in the order given.
    """

    title: str
    bars: tuple[ChartBar, ...]
    description: tuple[Run, ...]
    note: str = ""
    unit_label: str = "tall i 1000 kr"
    # The legend of the two colours: (negative bars, positive bars). The app's sign convention unless
    # the chart's sign means something else (e.g. a forecast's error against the final accounts).
    sign_labels: tuple[str, str] = ("merforbruk (over budsjett)", "mindreforbruk (under budsjett)")


@dataclass(frozen=True)
class MonthlyPoint:
    month: int  # 1–12
    label: str  # "jan", "feb", …
    budget_profile: int  # cumulative periodised budget to the end of the month, øre
    actual: int | None  # cumulative actuals to the end of the month, øre; None after the period


@dataclass(frozen=True)
class MonthlyProfileChart:
    """Cumulative actuals per month against the cumulative budget profile for the whole municipality."""

    title: str
    points: tuple[MonthlyPoint, ...]
    description: tuple[Run, ...]
    note: str = ""
    unit_label: str = "mill. kr"


@dataclass(frozen=True)
class WaterfallStep:
    label: str
    amount: int  # øre; the step's effect (positive improves the result)
    running: int  # øre; the result after the step
    total: bool = False  # a subtotal or the final result, drawn from zero


@dataclass(frozen=True)
class WaterfallChart:
    """A bridge: each step moves the result from where the previous one left it."""

    title: str
    steps: tuple[WaterfallStep, ...]
    description: tuple[Run, ...]
    note: str = ""
    unit_label: str = "tall i 1000 kr"


@dataclass(frozen=True)
class TrendSeries:
    label: str
    values: tuple[Decimal | None, ...]  # one per label of the chart; None = no figure
    emphasis: bool = False  # drawn heavier (e.g. the municipality as a whole)


@dataclass(frozen=True)
class TrendChart:
    """Lines over periods in percent, e.g. sick leave per sector per month."""

    title: str
    labels: tuple[str, ...]
    series: tuple[TrendSeries, ...]
    description: tuple[Run, ...]
    note: str = ""
    unit_label: str = "prosent"


# --- Content tables (sick leave, indicators): issue 6 -------------------------------------------


class FigureKind(StrEnum):
    COUNT = "antall"  # 1 990
    KRONER = "kroner"  # 1 234 kr
    MILLION_KRONER = "mill. kroner"  # 15,5 mill. kroner
    THOUSAND_KRONER = "1000 kr"  # 1 396 061 in a table headed "tall i 1000 kr"; value in thousands, exact
    PERCENT = "prosent"  # 7,5 %
    PERCENT2 = "prosent2"  # 10,17 % (sick leave, two decimals as the source prints it)
    CHANGE = "endring"  # +34 %


@dataclass(frozen=True)
class Figure:
    """A typed figure in a content table; each renderer formats it through renderers/numbers.py."""

    value: Decimal | None
    kind: FigureKind = FigureKind.COUNT

    @classmethod
    def thousands(cls, ore: int | None) -> "Figure":
        """An øre amount for a table in 1000 kr: exact value (Decimal thousands), rounded only when shown."""
        return cls(None if ore is None else Decimal(ore) / 100_000, FigureKind.THOUSAND_KRONER)


@dataclass(frozen=True)
class FigureTableRow:
    label: str
    cells: tuple[Figure, ...]
    kind: str = "unit"  # unit | sector | total (bold rows)


@dataclass(frozen=True)
class FigureTable:
    """A table of figures with a text first column: the sick-leave table, an indicator table.
    `notes` are printed under it (footnotes, source, "totals come from the source")."""

    caption: str
    label_header: str
    columns: tuple[str, ...]
    rows: tuple[FigureTableRow, ...]
    notes: tuple[str, ...] = ()
    short_title: str = ""  # a chosen name for its spreadsheet tab (≤ 31 characters); "" = from the caption


Chart = DeviationChart | MonthlyProfileChart | TrendChart | WaterfallChart

Block = (
    Heading
    | Cover
    | Contents
    | PageBreak
    | Paragraph
    | ItemList
    | StatusTableBlock
    | CentralItemsBlock
    | CommentsBlock
    | Signature
    | CheckWarning
    | DeviationChart
    | MonthlyProfileChart
    | TrendChart
    | WaterfallChart
    | FigureTable
)


@dataclass(frozen=True)
class Document:
    title: str
    municipality: str
    period_end: date
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    edition: Edition = Edition.COUNCIL
    theme: Theme = field(default_factory=Theme)
