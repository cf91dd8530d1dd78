"""Expected completion as people write it ("Høsten 2021", "30.6.20", "innen 2.tertial 2024").

`completion_parse` turns the text into a date range, or marks it continuous, and always keeps the
original text. What it cannot read it reports with a reason; it never guesses (a misspelt month such
as "mari" could be mars or mai, so it is reported, not read).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS: dict[str, int] = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "febr": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "desember": 12,
    "des": 12,
}

# (first month, last month) of each season, as the municipality uses the words.
SEASONS: dict[str, tuple[int, int]] = {
    "våren": (1, 6),
    "vår": (1, 6),
    "sommeren": (6, 8),
    "sommer": (6, 8),
    "høsten": (8, 12),
    "høst": (8, 12),
}

CONTINUOUS_WORDS = frozenset({"kontinuerlig", "kontinuerleg", "løpende", "fortløpende", "løpande"})
DEADLINE_WORDS = ("innen", "senest", "før", "seinast")
# Words before a period that do not change it: "i løpet av januar 2021" is januar 2021; "ultimo mars
# 2021" (end of March) is still read as the month, the deadline being its last day.
NEUTRAL_PREFIXES = ("i løpet av", "i", "primo", "medio", "ultimo")
HALF_YEAR_WORDS = {"første": 1, "1.": 1, "1": 1, "andre": 2, "annet": 2, "2.": 2, "2": 2}
ORDINALS = {"første": 1, "andre": 2, "annet": 2, "tredje": 3, "fjerde": 4}


@dataclass(frozen=True)
class Completion:
    """Expected completion: the text as written, and what it means when it could be read."""

    text: str
    start: date | None = None
    end: date | None = None
    continuous: bool = False
    deadline: bool = False  # "innen …", "senest …": the end is a deadline
    problem: str | None = None  # why the text could not be read; None when it was read (or is empty)

    @property
    def parsed(self) -> bool:
        return self.problem is None and (self.continuous or self.end is not None)

    @property
    def empty(self) -> bool:
        return not self.text.strip()


def _year(text: str) -> int | None:
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    if re.fullmatch(r"\d{2}", text):
        return 2000 + int(text)
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), _month_end(year, last)


def _clean(text: str) -> str:
    text = text.replace("\xa0", " ").strip().rstrip(".").strip()
    return re.sub(r"\s+", " ", text)


def _read(body: str) -> tuple[date, date] | str:
    """The range `body` (lower case, cleaned) names, or the reason it names none."""
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})", body)
    if m:
        year = _year(m.group(3))
        assert year is not None
        try:
            day = date(year, int(m.group(2)), int(m.group(1)))
        except ValueError:
            return "ugyldig dato"
        return day, day
    m = re.fullmatch(r"(\d{1,2})\.\s*([a-zæøå]+)\.?(?:\s+(\d{2}|\d{4}))?", body)
    if m and m.group(2) not in ("tertial", "halvår", "kvartal"):
        month = MONTHS.get(m.group(2))
        if month is None:
            return f"ukjent måned «{m.group(2)}»"
        if m.group(3) is None:
            return "mangler år"
        year = _year(m.group(3))
        assert year is not None
        try:
            day = date(year, month, int(m.group(1)))
        except ValueError:
            return "ugyldig dato"
        return day, day
    m = re.fullmatch(r"([a-zæøå]+)\.?\s+(\d{2}|\d{4})", body)
    if m:
        word, year = m.group(1), _year(m.group(2))
        assert year is not None
        if word in MONTHS:
            return _months(year, MONTHS[word], MONTHS[word])
        if word in SEASONS:
            return _months(year, *SEASONS[word])
        return f"ukjent ord «{word}»"
    m = re.fullmatch(r"(første|andre|annet|1\.|2\.|1|2)\s*halvår\s+(\d{4}|\d{2})", body)
    if m:
        year = _year(m.group(2))
        assert year is not None
        return _months(year, 1, 6) if HALF_YEAR_WORDS[m.group(1)] == 1 else _months(year, 7, 12)
    m = re.fullmatch(r"(første|andre|tredje|[123])\.?\s*tertial\s+(\d{4}|\d{2})", body)
    if m:
        year = _year(m.group(2))
        assert year is not None
        n = ORDINALS.get(m.group(1)) or int(m.group(1))
        return _months(year, 4 * n - 3, 4 * n)
    m = re.fullmatch(r"(første|andre|tredje|fjerde|[1234])\.?\s*kvartal\s+(\d{4}|\d{2})", body)
    if m:
        year = _year(m.group(2))
        assert year is not None
        n = ORDINALS.get(m.group(1)) or int(m.group(1))
        return _months(year, 3 * n - 2, 3 * n)
    if re.fullmatch(r"\d{4}", body):
        return _months(int(body), 1, 12)
    if body in MONTHS or body in SEASONS:
        return "mangler år"
    return "ukjent format"


def completion_parse(text: str) -> Completion:
    """Read expected completion as written; report (never guess) what cannot be read."""
    original = text
    body = _clean(text).lower()
    if not body:
        return Completion(text=original)
    if body in CONTINUOUS_WORDS:
        return Completion(text=original, continuous=True)
    deadline = False
    for word in DEADLINE_WORDS:
        if body.startswith(word + " "):
            deadline = True
            body = body[len(word) + 1 :].strip()
            break
    for word in NEUTRAL_PREFIXES:
        if body.startswith(word + " "):
            body = body[len(word) + 1 :].strip()
            break
    got = _read(body)
    if isinstance(got, str):
        return Completion(text=original, deadline=deadline, problem=got)
    return Completion(text=original, start=got[0], end=got[1], deadline=deadline)


def completion_display(c: Completion) -> str:
    """The range as dd.mm.yyyy, or the reason it could not be read."""
    if c.continuous:
        return "kontinuerlig"
    if c.start and c.end:
        if c.start == c.end:
            return c.end.strftime("%d.%m.%Y")
        return f"{c.start.strftime('%d.%m.%Y')}–{c.end.strftime('%d.%m.%Y')}"
    return c.problem or ""


MONTH_NAMES = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def period_precision(start: date, end: date) -> str | None:
    """What a read date range stands for: "day", "month" (a whole month), "year" (a whole year), or
    None for any other range (a season, a tertial: print it as written)."""
    if start == end:
        return "day"
    whole_months = start.day == 1 and end == _month_end(end.year, end.month) and start.year == end.year
    if whole_months and start.month == end.month:
        return "month"
    if whole_months and (start.month, end.month) == (1, 12):
        return "year"
    return None


def period_text(start: date, end: date) -> str | None:
    """A date range printed with the precision it stands for: one day as 31.01.2021, a whole month
    as «januar 2021», a whole year as «2021»; None for any other range (print it as written)."""
    precision = period_precision(start, end)
    if precision == "day":
        return end.strftime("%d.%m.%Y")
    if precision == "month":
        return f"{MONTH_NAMES[end.month - 1]} {end.year}"
    if precision == "year":
        return str(end.year)
    return None


def closed_precision(closed_text: str, closed_on: date | None) -> tuple[str, date | None, str]:
    """When a point was closed, as precisely as the source said it: («day»|«month»|«year», the date,
    "") or («text», None, the text as written) or («», None, "") when not closed. «Avsluttet januar
    2021» is stored as 31.01.2021 (the month's end, for sorting) and is a month, never that day."""
    if closed_text.strip():
        c = completion_parse(closed_text)
        precision = period_precision(c.start, c.end) if c.start and c.end else None
        if precision and c.end:
            return precision, c.end, ""
        return "text", None, closed_text.strip()
    if closed_on:
        return "day", closed_on, ""
    return "", None, ""


def closed_text_display(closed_text: str, closed_on: date | None) -> str:
    """`closed_precision` printed in Norwegian: 31.01.2021, «januar 2021», «2021» or the text."""
    precision, day, text = closed_precision(closed_text, closed_on)
    if day is None:
        return text
    if precision == "month":
        return f"{MONTH_NAMES[day.month - 1]} {day.year}"
    return str(day.year) if precision == "year" else day.strftime("%d.%m.%Y")
