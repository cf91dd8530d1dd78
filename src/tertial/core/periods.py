"""Budget years and reporting periods: months 1–12, tertials (T1 = Jan–Apr, T2 = May–Aug, T3 = Sep–Dec)."""

import calendar
from dataclasses import dataclass
from datetime import date

from .errors import PeriodError

MONTHS_NB = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip


def month_checked(month: object) -> int:
    """The one check of a reporting period (a month, 1–12) that every entry point makes: the CLI's
    --period, the import request (CLI and upload page), `Period`. Accepts an int or its text."""
    text = str(month).strip()
    if isinstance(month, bool) or not (text.isdigit() and 1 <= int(text) <= 12):
        raise PeriodError(f"Perioden må være en måned fra 1 til 12, ikke «{month}»")
    return int(text)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period ending with month `month` of `year` (year-to-date figures run to it)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        month_checked(self.month)
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"Urimelig årstall: {self.year}")

    @property
    def end_date(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def tertial(self) -> int:
        return (self.month - 1) // 4 + 1

    @property
    def closes_tertial(self) -> bool:
        return self.month in (4, 8, 12)

    @property
    def months(self) -> range:
        """The months whose actuals make up the year-to-date figure."""
        return range(1, self.month + 1)

    @property
    def month_name(self) -> str:
        return MONTHS_NB[self.month - 1]

    @property
    def key(self) -> int:
        """The accounting system's period number, YYYYMM."""
        return self.year * 100 + self.month

    def __str__(self) -> str:
        return f"pr. {self.end_date:%d.%m.%Y}"


def parse_period_key(value: str | int) -> Period:
    """'202403' → Period(2024, 3). Raises ValueError with a Norwegian message on anything else."""
    text = str(value).strip()
    if len(text) != 6 or not text.isdigit():
        raise ValueError(f"periode må være ÅÅÅÅMM, ikke «{value}»")
    return Period(int(text[:4]), int(text[4:]))


def tertial_months(tertial: int) -> range:
    if tertial not in (1, 2, 3):
        raise ValueError(f"Tertial må være 1, 2 eller 3, ikke {tertial}")
    return range(4 * tertial - 3, 4 * tertial + 1)


def periods_parse(text: str) -> frozenset[tuple[int, int | None]]:
    """A list of periods as a user writes it ("2021, 2022, 2024-04"): (year, month), month None for a
    whole year. Separated by commas, semicolons or spaces; refuses anything else with a Norwegian message."""
    found: set[tuple[int, int | None]] = set()
    for item in text.replace(";", ",").replace(" ", ",").split(","):
        item = item.strip()
        if not item:
            continue
        year, _, month = item.partition("-")
        if not (year.isdigit() and len(year) == 4) or (month and not month.isdigit()):
            raise PeriodError(f"«{item}» er ikke en periode: skriv ÅÅÅÅ eller ÅÅÅÅ-MM (f.eks. 2024-04)")
        found.add((int(year), month_checked(month) if month else None))
    return frozenset(found)


def period_listed(periods: frozenset[tuple[int, int | None]], year: int, month: int) -> bool:
    """Whether month `month` of `year` is in `periods` (as itself or as part of a whole year)."""
    return (year, month) in periods or (year, None) in periods
