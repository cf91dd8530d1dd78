"""Rules for political decisions under follow-up: statuses, overdue, case references, proposers,
and a Norwegian sort order. Pure Python; the web app and the importer build on these."""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .completion import Completion


class PointStatus(StrEnum):
    NOT_STARTED = "ikke_startet"
    IN_PROGRESS = "pågår"
    COMPLETED = "gjennomført"
    CLOSED = "avsluttet"  # closed without (full) completion
    CONTINUOUS = "kontinuerlig"


STATUS_LABELS: dict[PointStatus, str] = {
    PointStatus.NOT_STARTED: "Ikke startet",
    PointStatus.IN_PROGRESS: "Under arbeid",
    PointStatus.COMPLETED: "Gjennomført",
    PointStatus.CLOSED: "Avsluttet uten gjennomføring",
    PointStatus.CONTINUOUS: "Kontinuerlig",
}

OPEN_STATUSES = frozenset({PointStatus.NOT_STARTED, PointStatus.IN_PROGRESS})


def status_is_open(status: PointStatus | str) -> bool:
    return PointStatus(status) in OPEN_STATUSES


def point_is_overdue(status: PointStatus | str, completion: Completion, *, today: date) -> bool:
    """Open points whose expected completion has passed. Continuous, closed and unread texts are never overdue."""
    if not status_is_open(status) or completion.continuous or completion.end is None:
        return False
    return completion.end < today


# --- case references -------------------------------------------------------------------------

PREFIXES: dict[str, str] = {
    "fo": "FO",
    "k-sak": "K-sak",
    "ksak": "K-sak",
    "k.sak": "K-sak",
    "ks": "KS",
    "ps": "PS",
    "fs": "FS",
    "sak": "sak",
}

REFERENCE_RE = re.compile(
    r"(?<![\w-])(?P<prefix>K-sak|K\.sak|Ksak|FO|KS|PS|FS|sak)\s*(?P<number>\d{1,4})\s*/\s*(?P<year>\d{4}|\d{2})(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CaseRef:
    prefix: str  # canonical spelling: "FO", "K-sak", "PS", "sak" (series unknown)
    number: int
    year: int

    @property
    def key(self) -> str:
        return f"{self.prefix} {self.number}/{self.year}"

    def matches(self, other: "CaseRef") -> bool:
        """Same case; a bare "sak 53/2020" matches a case of any series with that number and year."""
        if (self.number, self.year) != (other.number, other.year):
            return False
        return self.prefix == other.prefix or "sak" in (self.prefix, other.prefix)


def _ref_from(m: re.Match[str]) -> CaseRef:
    year = int(m.group("year"))
    if year < 100:
        year += 2000
    return CaseRef(PREFIXES[m.group("prefix").lower()], int(m.group("number")), year)


def reference_parse(text: str) -> CaseRef | None:
    """The reference at the start of `text` ("FO 12/21" = "FO 12/2021"), or None."""
    m = REFERENCE_RE.match(text.strip())
    return _ref_from(m) if m else None


def reference_normalise(text: str) -> str | None:
    ref = reference_parse(text)
    return ref.key if ref else None


def reference_resolve(ref: CaseRef, index: dict[str, int]) -> int | None:
    """The id of the case `ref` names in `index` (reference key → id). A bare "sak 53/2020" names the
    case with that number and year in any series, but only when exactly one such case exists."""
    if ref.key in index:
        return index[ref.key]
    if ref.prefix != "sak":
        return None
    hits = [v for k, v in index.items() if (parsed := reference_parse(k)) is not None and ref.matches(parsed)]
    return hits[0] if len(hits) == 1 else None


def references_find(text: str) -> list[tuple[int, int, CaseRef]]:
    """Every reference in a text, with its start and end offsets."""
    return [(m.start(), m.end(), _ref_from(m)) for m in REFERENCE_RE.finditer(text)]


# --- proposers -------------------------------------------------------------------------------

PROPOSER_RE = re.compile(
    r"^\s*(?P<name>[^()]+?)\s*\((?P<party>[^()]+)\)\s*(?:på vegne av\s+(?P<behalf>.+?))?\s*[:.]?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Proposer:
    name: str
    party: str
    on_behalf_of: tuple[str, ...] = ()

    @property
    def parties(self) -> tuple[str, ...]:
        seen = [self.party, *self.on_behalf_of]
        return tuple(dict.fromkeys(p for p in seen if p))

    def __str__(self) -> str:
        if not self.name:  # a party, or parties together, without a person
            return self.party or parties_join(self.on_behalf_of)
        text = f"{self.name} ({self.party})" if self.party else self.name
        if self.on_behalf_of:
            text += " på vegne av " + parties_join(self.on_behalf_of)
        return text


def parties_split(text: str) -> tuple[str, ...]:
    parts = re.split(r"\s*,\s*|\s+og\s+", text.strip().rstrip(":.").strip())
    return tuple(p for p in (x.strip() for x in parts) if p)


def parties_join(parties: tuple[str, ...]) -> str:
    if len(parties) <= 1:
        return "".join(parties)
    return ", ".join(parties[:-1]) + " og " + parties[-1]


def proposer_parse(text: str) -> Proposer | None:
    """ "Gunnar Løvås (SV)"; "Merete Bøhn-Flatås (SP) på vegne av SP, KRF, FRP og H". None if not that shape."""
    m = PROPOSER_RE.match(text)
    if not m:
        return None
    behalf = parties_split(m.group("behalf")) if m.group("behalf") else ()
    return Proposer(name=m.group("name").strip(), party=m.group("party").strip(), on_behalf_of=behalf)


# --- responsible -----------------------------------------------------------------------------

# The municipal offices a decision text addresses by title. Generic Norwegian local-government
# vocabulary (kommuneloven), not one municipality's organisation chart.
OFFICES: dict[str, str] = {
    "ordfører": "ordfører",
    "ordføreren": "ordfører",
    "kommunedirektør": "kommunedirektør",
    "kommunedirektøren": "kommunedirektør",
    "kommunedirektørene": "kommunedirektør",
    "rådmann": "rådmann",
    "rådmannen": "rådmann",
}
_OFFICE_RE = re.compile(r"(?<![\wæøå])(" + "|".join(sorted(OFFICES, key=len, reverse=True)) + r")(?![\wæøå])", re.I)


def responsible_from_text(text: str) -> str:
    """The office a decision text names, when it names exactly one ("Kommunestyret ber
    kommunedirektøren …" → "kommunedirektør"); "" when it names none or several (then a person must
    decide, the rule does not pick one)."""
    found = {OFFICES[m.group(1).lower()] for m in _OFFICE_RE.finditer(text)}
    return found.pop() if len(found) == 1 else ""


# --- Norwegian sort order --------------------------------------------------------------------

_ALPHABET = "abcdefghijklmnopqrstuvwxyzæøå"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET)}
_FOLD = {"ä": "æ", "ö": "ø", "aa": "å", "é": "e", "è": "e", "ü": "y"}


def norwegian_sort_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting Æ, Ø, Å after Z (Python's sorted() uses code points: Å < Æ < Ø)."""
    low = text.lower()
    for a, b in _FOLD.items():
        if a != "aa":
            low = low.replace(a, b)
    key: list[tuple[int, int | str]] = []
    for ch in low:
        if ch in _ORDER:
            key.append((1, _ORDER[ch]))
        elif ch.isdigit():
            key.append((0, ch))
        elif ch.isspace():
            key.append((-1, 0))
        else:
            key.append((2, ch))
    return tuple(key)


@dataclass(frozen=True)
class DecisionReportItem:
    """A decision point as the periodic report lists it (overdue, or closed in the period)."""

    reference: str
    case_title: str
    text: str
    responsible: str
    expected: str  # as the users wrote it, e.g. "Høsten 2021"
    status: PointStatus
    closed_on: date | None = None
