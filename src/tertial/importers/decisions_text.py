"""Import of a decisions follow-up list copied as text from a municipality's web page or document.

What the text looks like is data: a profile (`decision_profile.py`, TOML) names the reference
prefixes, bodies, field labels, table columns, point markers, decision openers, proposal lines,
closing words, statuses and parties. The reader walks the lines and places each one: case
headings (a reference first on the line, after a body and meeting date, or in brackets after the
title), year and body headings, labelled fields («Status: Pågår»), proposals («Forslag framsatt av
…»), decision points (numbered, lettered, bullets or plain paragraphs), follow-up log entries,
expected completion («Høsten 2021», «innen utgangen av 2025») and closing lines («Avsluttet januar
2021»). A table (cells split by tabs or «|», with a header row the profile knows) is read row by
row. Every non-empty line is either placed or returned as unplaced with its line number; a case
boundary the reader is unsure of is a warning, never a silent merge. Pure: text in, dataclasses out.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from tertial.core.completion import Completion, completion_parse
from tertial.core.decisions import CaseRef, PointStatus, Proposer, parties_split, responsible_from_text
from tertial.core.errors import DomainError

from .decision_profile import DecisionProfile, profile_load

KIND_INTERPELLATION = "interpellasjon"
KIND_QUESTION = "spørsmål"
KIND_VERBAL = "verbalforslag"
KIND_BUDGET = "budsjettforslag"
KIND_OTHER = "annet"

NOT_A_LIST = (
    "Teksten ser ikke ut som en liste over politiske vedtak til oppfølging: {why} En sak begynner med "
    "et saksnummer (som «PS 12/2024», «Sak 12/2024» eller «Saksnr. 2023/1234») først på linjen, etter "
    "organ og møtedato, i parentes etter tittelen, eller i en tabell med kolonnen «Sak»/«Saksnr.»."
)
WHY_NO_REFERENCE = "ingen linje begynner med et saksnummer, og ingen tabell har en saksnummerkolonne."
WHY_MID_SENTENCE = "ingen sak ble funnet; saksnumrene i teksten ({count}) står midt i setninger, ikke som overskrifter."
WHY_NO_POINTS = "sakene som ble funnet ({count}) har ikke ett eneste vedtakspunkt."
EMPTY_TEXT = "Teksten er tom."

W_MID_REFERENCE = "mulig ny sak: linjen nevner {ref} midt i teksten; lest som oppfølging av {case}, ikke som ny sak"
W_HEADING_WITHOUT_REF = "mulig ny sak uten saksnummer; lest som en del av {case}"
W_BARE_REFERENCE = "saksnummeret {ref} står alene på linjen; lest som oppfølging av {case}, ikke som ny sak"
W_CLOSED_DATE = "Avslutningsdato kunne ikke leses ({problem}): «{text}»"
W_STATUS = "ukjent status «{text}»; lagt i oppfølgingsloggen"
W_MEETING_DATE = "møtedatoen «{text}» kunne ikke leses"
W_TABLE_COLUMN = "kolonnen «{text}» kjennes ikke; innholdet legges i oppfølgingsloggen"
W_TABLE_REF = "saksnummeret «{text}» i tabellen kunne ikke leses; raden er ikke plassert"


class DecisionsTextRefused(DomainError):
    """The text is not a follow-up list (or is empty); the message says why in general terms."""


@dataclass(frozen=True)
class ImportedLog:
    text: str
    line: int


@dataclass
class ImportedPoint:
    number: int
    text: str
    line: int
    title: str = ""
    proposer: Proposer | None = None
    responsible: str = ""
    expected_completion: str = ""
    status: PointStatus = PointStatus.NOT_STARTED
    closed_text: str = ""
    closed_on: date | None = None
    closing_remark: str = ""
    log: list[ImportedLog] = field(default_factory=list)
    status_given: bool = False  # a status field set it: the log does not change it


@dataclass
class ImportedCase:
    reference: CaseRef
    reference_text: str
    title: str
    kind: str
    line: int
    year: int | None = None
    proposer: Proposer | None = None
    preamble: str = ""
    points: list[ImportedPoint] = field(default_factory=list)
    body: str = ""
    meeting_date: date | None = None


@dataclass
class TextImport:
    cases: list[ImportedCase] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    published: str = ""
    last_changed: str = ""
    placed: list[int] = field(default_factory=list)  # line numbers (1-based) of the lines placed
    mid_references: int = 0  # references seen inside sentences (for the refusal message)


YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
FOOTER_RE = re.compile(r"^Publisert:\s*(?P<pub>.+?)\s+Sist endret:\s*(?P<changed>.+)$")
INLINE_BULLETS_RE = re.compile(r"\s+[-–]\s+(?=[A-ZÆØÅ])")
TITLE_RE = re.compile(r"^[A-ZÆØÅ][a-zæøå-]{4,}$")
RESPONSIBLE_RE = re.compile(r"^(?P<who>[A-ZÆØÅ][\wæøåÆØÅ-]*(?:\s+[\wæøåÆØÅ-]+){0,3}?)\s+følger?\s+opp\b", re.I)
DATE_RE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})\b|\b\d{1,2}\.\s*[a-zæøå]{3,9}\.?\s+\d{4}\b", re.I)
LABEL_RE = re.compile(r"^(?P<label>[^:]{2,40}?)\s*:\s*(?P<value>.*)$")
PERSON_PARTY_RE = re.compile(r"(?P<name>[^(),]+?)\s*\((?P<party>[^()]+)\)")
BEHALF_RE = re.compile(r"\s+på vegne av\s+(?P<behalf>.+?)\s*[:.]?\s*$", re.I)
LIST_NUMBER_RE = re.compile(r"^\d{1,3}[.)]\s+(?P<rest>\S.*)$")
TABLE_RULE_RE = re.compile(r"^\|?[\s:|+-]*-{3,}[\s:|+-]*\|?$")
TITLE_START = "A-ZÆØÅ«\"'"
LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"
MAX_PROPOSER = 300  # characters; longer text is a paragraph
MAX_SHORT_LINE = 300  # closing lines («Avsluttet januar 2021») are short; longer lines are not tried


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _alternatives(words: list[str] | tuple[str, ...]) -> str:
    parts = [r"\s*".join(re.escape(w) for w in word.split()) for word in sorted(words, key=len, reverse=True)]
    return "|".join(parts)


class _Vocabulary:
    """The regular expressions a profile gives."""

    def __init__(self, p: DecisionProfile) -> None:
        self.p = p
        prefixes = _alternatives(list(p.prefixes))
        self.ref = (
            rf"(?<![\wæøå-])(?P<prefix>(?i:{prefixes}))\.?\s*(?i:nr\.?\s*)?"
            r"(?P<a>\d{1,6})\s*/\s*(?P<b>\d{1,6})(?![\d/])"
        )
        self.ref_re = re.compile(self.ref)
        # a reference (with or without prefix) alone in a table cell
        self.cell_ref_re = re.compile(rf"^(?:{self.ref}|(?P<a2>\d{{1,6}})\s*/\s*(?P<b2>\d{{1,6}}))")
        sep = r"[\s:.,–-]+"
        self.heading_re = re.compile(rf"^(?P<ref>{self.ref}){sep}(?P<rest>[{TITLE_START}].*)$")
        self.lead_heading_re = re.compile(
            rf"^(?P<lead>.{{2,100}}?)[\s,:–-]+(?P<ref>{self.ref}){sep}(?P<rest>[{TITLE_START}].*)$"
        )
        self.suffix_heading_res = (
            re.compile(rf"^(?P<rest>[{TITLE_START}].{{3,}}?)\s*[(\[]\s*(?P<ref>{self.ref})\s*[)\]]\s*:?$"),
            re.compile(rf"^(?P<rest>[{TITLE_START}].{{3,}}?)\s+[–-]\s+(?P<ref>{self.ref})\s*:?$"),
        )
        self.bare_ref_re = re.compile(rf"^(?P<ref>{self.ref})[\s.,:]*$")
        kinds = _alternatives(list(p.kinds))
        # possessive: a name runs to its bracket, so a long line of brackets cannot backtrack for ever
        who = r"[^()]+\([^()]+\)(?:\s*+(?:,|og|&)\s*+[^()]+\([^()]+\))*+"
        self.heading_proposer_re = re.compile(
            rf"^(?P<kind>{kinds})\s+fra\s+(?P<who>{who})\s*(?:(?:[-–:]|\s(?=om\s))\s*(?P<subject>.*))?$", re.I
        )
        self.heading_parties_re = re.compile(
            rf"^(?P<kind>{kinds})\s*\((?P<who>[^()]+)\)\s*(?:[-–:]\s*(?P<subject>.*))?$", re.I
        )
        self.heading_like_re = re.compile(rf"^(?:{kinds})\s+fra\s+\S", re.I)
        self.proposal_re = re.compile(rf"^(?:{_alternatives(p.proposal_lines)})\s+(?P<who>\S.*)$", re.I)
        self.closing_re = re.compile(
            rf"^(?P<word>{_alternatives((*p.closing_done, *p.closing_future))})\b[\s:]*(?P<rest>.*?)[\s.]*$", re.I
        )
        self.numbered_re = re.compile(rf"^{p.numbered.pattern}\s+(?P<text>\S.*)$")
        self.lettered_re = re.compile(rf"^{p.lettered.pattern}\s+(?P<text>\S.*)$")
        self.roman_re = re.compile(rf"^{p.roman.pattern}\s+(?P<text>\S.*)$")
        bullets = "".join(re.escape(b) for b in p.bullets if len(b) == 1)
        self.bullet_re = re.compile(rf"^[{bullets}]\s*(?P<text>\S.*)$") if bullets else re.compile(r"(?!x)x")
        self.statuses = sorted(p.statuses, key=len, reverse=True)

    def ref_from(self, m: re.Match[str]) -> CaseRef | None:
        prefix_text = m.group("prefix") if m.groupdict().get("prefix") else None
        a = m.group("a") if m.groupdict().get("a") else m.group("a2")
        b = m.group("b") if m.groupdict().get("b") else m.group("b2")
        return reference_from(self.p, prefix_text, a, b)

    def completion(self, text: str) -> Completion:
        return completion_parse(
            text, continuous_words=self.p.continuous_words, neutral_prefixes=self.p.neutral_prefixes
        )


def reference_from(p: DecisionProfile, prefix_text: str | None, a: str, b: str) -> CaseRef | None:
    """A reference from its parts: «12/2024» and «12/24» are number/year; «2023/1234» and «24/1234»
    (a year first, then a number that is neither a two-digit nor a four-digit year) are the archive's
    year/sequence number."""
    prefix = "sak"
    spelled = " ".join(prefix_text.lower().rstrip(".").split()) if prefix_text else ""
    if spelled:
        prefix = p.prefixes.get(spelled, "sak")
    x, y = int(a), int(b)
    if spelled in p.archive_prefixes and len(a) in (2, 4) and not (len(b) == 4 and 1900 <= y <= 2099):
        return CaseRef(prefix, y, x if len(a) == 4 else 2000 + x)  # «Saksnr. 25/88»: the archive's year first
    if len(b) == 2:
        return CaseRef(prefix, x, 2000 + y)
    if len(b) == 4 and 1900 <= y <= 2099:
        return CaseRef(prefix, x, y)
    if len(a) == 4 and 1900 <= x <= 2099:  # «2023/1234»
        return CaseRef(prefix, y, x)
    if len(a) == 2:  # «24/1234»: the archive's two-digit year and sequence number
        return CaseRef(prefix, y, 2000 + x)
    return None


def _one_day(c: Completion) -> date | None:
    return c.end if c.parsed and c.start == c.end else None


class _Reader:
    def __init__(self, text: str, profile: DecisionProfile) -> None:
        self.p = profile
        self.v = _Vocabulary(profile)
        self.raw = text.splitlines()
        self.lines = [r.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "") for r in self.raw]
        self.out = TextImport()
        self.year: int | None = None
        self.body = ""
        self.meeting_date: date | None = None
        self.case: ImportedCase | None = None
        self.group: list[ImportedPoint] = []
        self.group_proposer: Proposer | None = None
        self.phase = "decision"
        self.style = ""  # the marker of the group's points: "n" numbered, "l" lettered
        self.append_mode = False  # decision text continues (after ":" or ";", or under a point title)
        self.decision_until = -1  # line index up to which paragraphs still belong to the decision
        self.pending_title = ""
        self.ended = False
        self.table: list[str | None] | None = None  # the field of each column while reading a table
        self.table_sep = ""
        self.table_headings: list[str] = []
        self.heading_status: tuple[PointStatus, str] | None = None

    # --- helpers ---------------------------------------------------------------------------

    def unplaced(self, n: int, text: str) -> None:
        self.out.unplaced.append((n + 1, text))

    def warn(self, n: int, text: str) -> None:
        self.out.warnings.append((n + 1, text))

    def case_name(self) -> str:
        return self.case.reference_text if self.case else ""

    def new_group(self, proposer: Proposer | None) -> None:
        self.group = []
        self.group_proposer = proposer
        self.phase = "decision"
        self.style = ""
        self.append_mode = False
        self.decision_until = -1

    def new_point(self, n: int, text: str, number: int | None = None) -> ImportedPoint:
        assert self.case is not None
        point = ImportedPoint(
            number=number or len(self.case.points) + 1,
            text=text,
            line=n + 1,
            title=self.pending_title,
            proposer=self.group_proposer,
        )
        if self.pending_title:
            self.append_mode = True
        self.pending_title = ""
        self.case.points.append(point)
        self.group.append(point)
        return point

    def is_boundary(self, i: int) -> bool:
        return self.lines[i] != "" and self.lines[i].strip() == ""

    def marker(self, text: str) -> tuple[str, int, str] | None:
        """(style, index, text) of a point marker: ("n", 2, …) for «2.», ("l", 1, …) for «a)»."""
        if m := self.v.numbered_re.match(text):
            return "n", int(m.group("n")), m.group("text").strip()
        if m := self.v.lettered_re.match(text):
            letter = m.group("l").lower()
            index = LETTERS.find(letter) + 1
            if self.v.roman_re.match(text) and not (self.style == "l" and index == len(self.group) + 1):
                return "r", 0, text
            return "l", index, m.group("text").strip()
        if self.v.roman_re.match(text):
            return "r", 0, text
        return None

    def lookahead_decision(self, i: int) -> int:
        """The last following paragraph (before a cell boundary) that opens with a decision phrase."""
        last = -1
        for j in range(i + 1, len(self.lines)):
            text = self.lines[j].strip()
            if self.is_boundary(j):
                break
            if not text:
                continue
            if (
                self.v.heading_re.match(text)
                or self.v.proposal_re.match(text)
                or (len(text) <= MAX_SHORT_LINE and self.v.closing_re.match(text))
                or self.v.numbered_re.match(text)
                or self.v.bullet_re.match(text)
                or self.v.completion(text).parsed
            ):
                break
            if text.startswith(self.p.openers):
                last = j
        return last

    def log(self, n: int, text: str, points: list[ImportedPoint] | None = None) -> None:
        targets = self.group if points is None else points
        if not targets:
            self.unplaced(n, text)
            return
        for p in targets:
            p.log.append(ImportedLog(text=text, line=n + 1))
        if points is None:
            self.phase = "followup"
            self.append_mode = False

    def set_completion(self, n: int, text: str) -> None:
        if not self.group:
            self.unplaced(n, text)
            return
        c = self.v.completion(text)
        for p in self.group:
            if p.expected_completion and p.expected_completion != text:
                p.log.append(ImportedLog(text=f"Forventa avsluttet: {p.expected_completion}", line=n + 1))
            p.expected_completion = text
            if c.continuous and not p.status_given:
                p.status = PointStatus.CONTINUOUS
        self.phase = "followup"
        self.append_mode = False

    def close(self, n: int, word: str, rest: str, whole: str) -> None:
        if not self.group:
            self.unplaced(n, whole)
            return
        if word.lower() in self.p.closing_future:
            if rest:
                self.set_completion(n, rest)
            else:
                self.log(n, whole)
            return
        status = PointStatus.COMPLETED
        remark = ""
        closed_text = rest
        closed_on: date | None = None
        if rest.lower().startswith("med "):
            status, remark, closed_text = PointStatus.CLOSED, rest, ""
        elif rest:
            c = self.v.completion(rest)
            if c.parsed and c.end is not None:
                closed_on = c.end
            else:
                self.warn(n, W_CLOSED_DATE.format(problem=c.problem, text=rest))
        for p in self.group:
            if p.status in (PointStatus.COMPLETED, PointStatus.CLOSED):
                earlier = "Avsluttet " + (p.closed_text or p.closing_remark)
                p.log.append(ImportedLog(text=earlier.strip(), line=n + 1))
            p.status, p.closed_text, p.closed_on, p.closing_remark = status, closed_text, closed_on, remark
        self.phase = "followup"
        self.append_mode = False

    def status_match(self, text: str) -> tuple[PointStatus, str] | None:
        """The status a text starts with, and the rest («Gjennomført 12.03.2025» → COMPLETED, «12.03.2025»)."""
        low = _clean(text).lower().rstrip(".")
        for word in self.v.statuses:
            if low == word or low.startswith(word + " ") or low.startswith(word + ","):
                return self.p.statuses[word], _clean(text)[len(word) :].strip(" ,.:–-")
        return None

    def set_status(self, n: int, text: str) -> None:
        if not self.group:
            self.unplaced(n, text)
            return
        got = self.status_match(text)
        if got is None:
            self.warn(n, W_STATUS.format(text=text))
            self.log(n, f"Status: {text}")
            return
        status, rest = got
        closed_on: date | None = None
        if status in (PointStatus.COMPLETED, PointStatus.CLOSED) and rest:
            c = self.v.completion(rest)
            if c.parsed and c.end is not None:
                closed_on = c.end
            else:
                self.warn(n, W_CLOSED_DATE.format(problem=c.problem, text=rest))
        closing = status in (PointStatus.COMPLETED, PointStatus.CLOSED)
        for p in self.group:
            p.status, p.status_given = status, True
            if closing:
                p.closed_on, p.closed_text = closed_on, rest
            else:  # open again: an earlier closing line no longer holds
                p.closed_on, p.closed_text, p.closing_remark = None, "", ""
            if rest and not closing:  # «I arbeid, sak legges fram høsten 2024»: the rest is follow-up
                p.log.append(ImportedLog(text=rest, line=n + 1))
        self.phase = "followup"
        self.append_mode = False

    # --- proposers -------------------------------------------------------------------------

    def proposer(self, text: str) -> Proposer | None:
        """«Name (party)», «Name (P) på vegne av P, Q og R», «Name (P) og Name (Q)», «Høyre (H)»,
        «Ap, H og Sp», «(Ap, Sp)»: parties named as the profile names them. None if no such shape."""
        text = _clean(text).strip(" :.")
        if len(text) > MAX_PROPOSER:  # a paragraph, not a proposer
            return None
        behalf: tuple[str, ...] = ()
        if bm := BEHALF_RE.search(text):
            behalf = tuple(self.p.party(x) for x in parties_split(bm.group("behalf")))
            text = text[: bm.start()].strip()
        people = list(PERSON_PARTY_RE.finditer(text))
        rest = PERSON_PARTY_RE.sub("", text)
        if people and not re.sub(r"[\s,&]|\bog\b", "", rest):
            persons = [
                (re.sub(r"^(?:og|&|,)\s+", "", m.group("name").strip()), self.p.party(m.group("party"))) for m in people
            ]
            # «Høyre (H)»: a party with its abbreviation
            persons = [("", party) if self.p.party(name) == party else (name, party) for name, party in persons]
            if len(persons) == 1:
                name, party = persons[0]
                return Proposer(name=name, party=party, on_behalf_of=behalf)
            names = [name for name, _ in persons if name]
            parties = tuple(dict.fromkeys([*(party for _, party in persons), *behalf]))
            # several people: their names, and their parties as the parties it was proposed for
            return Proposer(name=" og ".join(names), party="", on_behalf_of=parties)
        inner = text[1:-1] if text.startswith("(") and text.endswith(")") else text
        parts = parties_split(inner)
        if parts and all(self._is_party(x) for x in parts):
            parties = tuple(dict.fromkeys(self.p.party(x) for x in parts))
            if len(parties) == 1:
                return Proposer(name="", party=parties[0])
            return Proposer(name="", party="", on_behalf_of=parties)
        return None

    def _is_party(self, text: str) -> bool:
        return text.lower() in self.p.parties or bool(re.fullmatch(r"[A-ZÆØÅ][A-Za-zÆØÅæøå]{0,4}", text))

    # --- the walk --------------------------------------------------------------------------

    def start_case(self, n: int, ref: CaseRef, ref_text: str, rest: str, lead: str = "") -> None:
        self.finish_case()
        rest = rest.strip().rstrip(":").strip()
        body = self.body
        meeting = self.meeting_date
        if lead:
            lead_body, lead_date = self.lead_parts(lead)
            body = lead_body or body
            meeting = lead_date or meeting
        if dm := re.search(r"\s*[(\[](?:møte|møtedato|vedtatt)?\s*(?P<d>[^()\[\]]{6,20})[)\]]\s*$", rest, re.I):
            day = _one_day(self.v.completion(dm.group("d")))
            if day is not None:
                meeting, rest = day, rest[: dm.start()].strip()
        heading_status: tuple[PointStatus, str] | None = None
        if (sm := re.search(r"\s*[(\[](?P<s>[^()\[\]]{2,40})[)\]]\s*$", rest)) and (
            got := self.status_match(sm.group("s"))
        ):
            heading_status, rest = got, rest[: sm.start()].strip()  # «Trafikksikkerhet (Gjennomført)»
        proposer: Proposer | None = None
        overflow = ""
        pm = self.v.heading_proposer_re.match(rest) or self.v.heading_parties_re.match(rest)
        if pm:
            proposer = self.proposer(pm.group("who"))
            subject = (pm.group("subject") or "").strip()
            if len(subject) > 80:  # the first decision paragraph ran into the heading
                split = re.search(r"\s(?=[A-ZÆØÅ][a-zæøå]+\s)", subject)
                if split:
                    overflow = subject[split.end() :].strip()
                    rest = rest[: len(rest) - len(subject)] + subject[: split.start()].strip()
        spelled = ref_text.split()[0].lower().rstrip(".") if ref_text.split() else ""
        prefix_body = self.p.prefix_bodies.get(spelled) or self.p.prefix_bodies.get(ref.prefix.lower())
        self.case = ImportedCase(
            reference=ref,
            reference_text=ref_text,
            title=rest,
            kind=self.kind(rest),
            line=n + 1,
            year=self.year,
            body=body or prefix_body or self.p.default_body,
            meeting_date=meeting,
        )
        self.case.proposer = proposer
        self.heading_status = heading_status
        self.new_group(proposer)
        self.pending_title = ""
        if overflow:
            self.decision_paragraph(n, overflow)

    def kind(self, rest: str) -> str:
        low = rest.lower()
        for word in sorted(self.p.kinds, key=len, reverse=True):
            if low.startswith(word):
                return self.p.kinds[word]
        return KIND_OTHER

    def lead_parts(self, lead: str) -> tuple[str, date | None]:
        """The body and meeting date in the words before a reference; ("", None) when there are none."""
        body = ""
        day: date | None = None
        for dm in DATE_RE.finditer(lead):
            day = _one_day(self.v.completion(dm.group(0))) or day
        words = _clean(DATE_RE.sub(" ", lead)).strip(" ,:–-")
        if words:
            body = self.p.body(words) or ""
            if not body:
                kept = [w for w in words.split() if w.lower().strip(",:") not in self.p.lead_words]
                body = self.p.body(" ".join(kept)) or ""
        return body, day

    def lead_ok(self, lead: str) -> bool:
        """Words before a reference that keep a line a heading: a body, a date, «møte», «sak» …"""
        words = _clean(DATE_RE.sub(" ", lead)).strip(" ,:–-")
        if not words:
            return DATE_RE.search(lead) is not None
        if self.p.body(words):
            return True
        rest = [w for w in words.split() if w.lower().strip(",:") not in self.p.lead_words]
        return not rest or self.p.body(" ".join(rest)) is not None

    def finish_case(self) -> None:
        if self.case is None:
            return
        if self.heading_status is not None:  # a status the heading gave applies where no field did
            status, rest = self.heading_status
            closed = _one_day(self.v.completion(rest)) if rest else None
            for p in self.case.points:
                if not p.status_given and p.status == PointStatus.NOT_STARTED:
                    p.status, p.status_given = status, True
                    if status in (PointStatus.COMPLETED, PointStatus.CLOSED):
                        p.closed_on, p.closed_text = closed, rest
            self.heading_status = None
        for p in self.case.points:
            if p.status == PointStatus.NOT_STARTED and p.log and not p.status_given:
                p.status = PointStatus.IN_PROGRESS
            if not p.responsible:  # the office the decision itself addresses, if exactly one
                p.responsible = responsible_from_text(p.text)
            if not p.responsible and self.case.preamble.rstrip().endswith(":"):  # «… ber kommunedirektøren:»
                p.responsible = responsible_from_text(self.case.preamble)
        self.out.cases.append(self.case)
        self.case = None
        self.group = []

    def decision_paragraph(self, n: int, text: str) -> None:
        """A paragraph while the decision column is being read."""
        assert self.case is not None
        if self.group and (self.append_mode or n <= self.decision_until):
            self.group[-1].text += "\n\n" + text
        elif not self.group:
            parts = INLINE_BULLETS_RE.split(text)
            if len(parts) >= 3 and not self.case.points:
                self.case.preamble = parts[0].strip()
                for part in parts[1:]:
                    self.new_point(n, part.strip())
            else:
                self.new_point(n, text)
                self.decision_until = max(self.decision_until, self.lookahead_decision(n))
        else:
            self.followup_paragraph(n, text)
            return
        if text.rstrip().endswith((":", ";")):
            self.append_mode = True

    def followup_paragraph(self, n: int, text: str) -> None:
        self.phase = "followup"
        mk = self.marker(text)
        if mk and mk[0] in ("n", "l") and 1 <= mk[1] <= len(self.group):
            self.group[mk[1] - 1].log.append(ImportedLog(text=mk[2], line=n + 1))
            return
        rm = RESPONSIBLE_RE.match(text)
        if rm and self.group:
            for p in self.group:
                p.responsible = ", ".join(x for x in (p.responsible, rm.group("who").strip()) if x)
            return
        self.log(n, text)

    def point_marker(self, n: int, style: str, index: int, text: str) -> bool:
        """A numbered or lettered line in the decision: a new point when it is the next in order;
        the other style (or a roman numeral) under a point is part of that point."""
        assert self.case is not None
        if style == "r" or (self.style and style != self.style):
            if not self.group:
                return False
            if style == "r":  # the marker is still part of `text`
                self.group[-1].text += "\n" + text
            else:
                mark = LETTERS[index - 1] if style == "l" else str(index)
                self.group[-1].text += f"\n{mark}) {text}"
            return True
        if index == 1:
            self.intro_split()
        if index == len(self.group) + 1 and not self.append_mode:
            self.style = style
            self.new_point(n, text)
            return True
        return False

    def intro_split(self) -> bool:
        """«Kommunestyret vedtar:» followed by «1.», «a)» or bullets: the intro is the case's preamble
        and the items are the points (only for the case's first decision, which has no preamble yet)."""
        assert self.case is not None
        intro = len(self.group) == 1 and self.group[0].text.rstrip().endswith(":") and not self.style
        only = len(self.case.points) == 1 and self.case.points[0] is self.group[0] if intro else False
        if not (intro and only and not self.case.preamble):
            return False
        self.case.preamble = self.group[0].text
        self.case.points.clear()
        self.group.clear()
        self.append_mode = False
        return True

    def label(self, n: int, label: str, value: str, text: str) -> bool:
        """A labelled field («Status: Pågår»); False when the label is not one the profile knows."""
        name = self.p.labels.get(" ".join(label.lower().split()))
        if name is None:
            name = self.decision_label_with_body(label)
            if name is None:
                return False
        if name in ("reference", "title") and (hm := self.heading_match(value)):
            self.heading(n, hm)
            return True
        if name == "reference" and (cm := self.v.cell_ref_re.match(value)):
            ref = self.v.ref_from(cm)
            if ref is not None:  # «Saksnummer: 23/145», the title maybe after it or on a «Tittel:» line
                self.start_case(n, ref, _clean(cm.group(0)), value[cm.end() :].strip(" :.,–-"))
                return True
        if self.case is None:
            return False
        if name == "title":
            if self.case.title:
                return False
            self.case.title = value
            self.case.kind = self.kind(value)
        elif name == "decision":
            if self.group and self.phase == "followup":
                self.new_group(self.case.proposer)
            self.phase = "decision"
            if value:
                self.decision_paragraph(n, value)
        elif name == "status":
            if value:
                self.set_status(n, value)
            else:
                self.log(n, text)
        elif name == "responsible":
            if not self.group:
                return False
            for p in self.group:
                p.responsible = ", ".join(x for x in (p.responsible, value) if x)
        elif name == "completion":
            self.set_completion(n, value)
        elif name == "followup":
            if value:
                self.log(n, value)
            else:
                self.phase, self.append_mode = "followup", False
        elif name == "body":
            self.case.body = self.p.body(value) or value
        elif name == "meeting_date":
            day = _one_day(self.v.completion(value))
            if day is None:
                self.warn(n, W_MEETING_DATE.format(text=value))
            self.case.meeting_date = day or self.case.meeting_date
        elif name == "proposer":
            who = self.proposer(value) or Proposer(name=value, party="")
            if self.case.points:
                self.new_group(who)
            else:
                self.case.proposer = who
                self.group_proposer = who
        elif name == "closed":
            self.close(n, "avsluttet", value, text)
        return True

    def decision_label_with_body(self, label: str) -> str | None:
        """«Vedtak i kommunestyret 12.03.2024»: a decision label followed by a body and/or date sets
        the case's body and meeting date when it has none and reads as «Vedtak»."""
        words = label.split()
        for k in range(len(words) - 1, 0, -1):
            head, rest = " ".join(words[:k]).lower(), " ".join(words[k:])
            if self.p.labels.get(head) == "decision" and self.lead_ok(rest):
                if self.case is not None:
                    body, day = self.lead_parts(rest)
                    if body and self.case.body == self.p.default_body:
                        self.case.body = body
                    self.case.meeting_date = self.case.meeting_date or day
                return "decision"
        return None

    def heading_match(self, text: str) -> tuple[str, str, str] | None:
        """(reference text, rest, lead) when the line opens a case."""
        if m := self.v.heading_re.match(text):
            return m.group("ref"), m.group("rest"), ""
        if (m := self.v.lead_heading_re.match(text)) and self.lead_ok(m.group("lead")):
            return m.group("ref"), m.group("rest"), m.group("lead")
        if len(text.split()) <= 20 and not text.endswith("."):
            for pattern in self.v.suffix_heading_res:
                if m := pattern.match(text):
                    return m.group("ref"), m.group("rest"), ""
        if (m := LIST_NUMBER_RE.match(text)) and (hm := self.heading_match(m.group("rest"))):
            return hm  # «1. PS 12/24 Skolebruksplan»: a numbered list of cases
        return None

    def heading(self, n: int, hm: tuple[str, str, str]) -> bool:
        ref_text, rest, lead = hm
        m = self.v.ref_re.search(ref_text)
        ref = self.v.ref_from(m) if m else None
        if ref is None:
            return False
        self.start_case(n, ref, _clean(ref_text), rest, lead)
        return True

    def section(self, n: int, text: str) -> bool:
        """A line that is only a year, or a body with or without a meeting date / year."""
        if YEAR_RE.match(text):
            self.finish_case()
            self.year = int(text)
            return True
        day: date | None = None
        year: int | None = None
        words = text
        if dm := DATE_RE.search(text):
            day = _one_day(self.v.completion(dm.group(0)))
            if day is None:
                return False
            words = text[: dm.start()] + text[dm.end() :]
        elif ym := re.search(r"\s(?:19|20)\d{2}$", text):
            year = int(ym.group(0))
            words = text[: ym.start()]
        words = re.sub(r"\b(?:møte|møtet|den)\b", " ", words, flags=re.I)
        body = self.p.body(words)
        if body is None:
            return False
        self.finish_case()
        self.body, self.meeting_date = body, day
        if year or day:
            self.year = year or (day.year if day else None)
        return True

    def paragraph(self, n: int, raw: str) -> None:
        text = _clean(raw)
        if self.ended:
            self.unplaced(n, text)
            return
        if fm := FOOTER_RE.match(text):
            self.finish_case()
            self.out.published, self.out.last_changed = fm.group("pub").strip(), fm.group("changed").strip()
            self.ended = True
            return
        if self.table_row(n, raw):
            return
        if self.section(n, text):
            return
        if (hm := self.heading_match(text)) and self.heading(n, hm):
            return
        if (lm := LABEL_RE.match(text)) and self.label(n, lm.group("label"), lm.group("value").strip(), text):
            return
        if self.case is None:
            if (bm := self.v.bare_ref_re.match(text)) and (ref := self.v.ref_from(bm)) is not None:
                self.start_case(n, ref, _clean(bm.group("ref")), "")
                return
            self.out.mid_references += len(self.v.ref_re.findall(text))
            self.unplaced(n, text)
            return
        if not self.case.title and not self.case.points and self.title_like(text):
            self.case.title, self.case.kind = text, self.kind(text)  # the title on the line after the reference
            return
        if pm := self.v.proposal_re.match(text):
            who = pm.group("who").strip().rstrip(":").strip()
            self.new_group(self.proposer(who) or Proposer(name=who, party=""))
            return
        if len(text) <= MAX_SHORT_LINE and (cm := self.v.closing_re.match(text)):
            self.close(n, cm.group("word"), cm.group("rest").strip(), text)
            return
        # a trailing expected completion after a wide gap: "… tomteutvikling.  Høsten 2021"
        cells = [c.strip() for c in re.split(r"\s{2,}", raw.strip()) if c.strip()]
        if len(cells) > 1 and self.v.completion(cells[-1]).parsed:
            self.paragraph(n, " ".join(cells[:-1]))
            self.set_completion(n, cells[-1])
            return
        if self.v.completion(text).parsed and len(text) <= 40:
            self.set_completion(n, text)
            return
        if self.group and len(text) <= 40 and (got := self.status_match(text)):
            status, rest = got
            done = status in (PointStatus.COMPLETED, PointStatus.CLOSED)
            if done and rest and not _one_day(self.v.completion(rest)) and self.v.completion(rest).parsed:
                self.set_completion(n, rest)  # «Ferdig 2026» without a label: when it will be done
            else:
                self.set_status(n, text)
            return
        if bm := self.v.bare_ref_re.match(text):
            titled = self.next_looks_like_title(n)
            ref = self.v.ref_from(bm)
            if titled and ref is not None and self.case.points and self.after_blank(n):
                # a new paragraph: the reference, and the title on the next line (cells of an HTML table)
                self.start_case(n, ref, _clean(bm.group("ref")), "")
                return
            if titled:
                self.warn(n, W_BARE_REFERENCE.format(ref=_clean(bm.group("ref")), case=self.case_name()))
            self.log(n, text)
            return
        self.uncertain_boundary(n, text)
        if self.phase == "followup" and TITLE_RE.match(text):
            self.new_group(self.case.proposer)
            self.pending_title = text
            return
        if self.phase == "followup" and text.startswith(self.p.openers) and not self.append_mode:
            self.new_group(self.case.proposer)
            self.decision_paragraph(n, text)
            return
        if len(text.split()) < 2 and any(ch.isdigit() for ch in text):
            self.unplaced(n, text)
            return
        mk = self.marker(text)
        bm2 = self.v.bullet_re.match(text)
        if self.phase == "decision":
            if mk and self.point_marker(n, *mk):
                return
            if bm2:
                item = bm2.group("text").strip()
                if self.style in ("n", "l") and self.group:  # a bullet under a numbered point is part of it
                    self.group[-1].text += "\n• " + item
                    return
                if self.style == "b" or not self.append_mode:
                    self.new_point(n, item)
                    return
                if self.intro_split():
                    self.style = "b"
                    self.new_point(n, item)
                    return
                if self.group:
                    self.group[-1].text += "\n• " + item
                    return
            if mk and mk[0] in ("n", "l") and mk[1] == 1 and self.group:
                self.followup_paragraph(n, text)
                return
            self.decision_paragraph(n, text)
            return
        self.followup_paragraph(n, text)

    def after_blank(self, n: int) -> bool:
        """The line before is empty (or there is none): the line opens a paragraph."""
        return n == 0 or not self.lines[n - 1].strip()

    def next_looks_like_title(self, n: int) -> bool:
        for j in range(n + 1, len(self.lines)):
            t = _clean(self.lines[j])
            if t:
                return self.title_like(t)
        return False

    def title_like(self, t: str) -> bool:
        """A short line that could be a case title: not a sentence, a field, a marker or a status."""
        if len(t) > MAX_SHORT_LINE or not re.match(rf"^[{TITLE_START}]", t) or len(t.split()) > 12:
            return False
        if t.endswith((".", ":", ";")):
            return False
        structural = (self.v.closing_re, self.v.proposal_re, LABEL_RE, self.v.bullet_re, self.v.numbered_re)
        if any(r.match(t) for r in structural) or self.v.completion(t).parsed:
            return False
        low = f" {t.lower()} "
        return not any(f" {word} " in low for word in self.p.statuses)  # «Utredninger pågår» is a status

    def uncertain_boundary(self, n: int, text: str) -> None:
        """Warn about a line that may open a new case the reader does not recognise as one."""
        m = self.v.ref_re.search(text)
        if m:
            self.out.mid_references += 1
            if len(text.split()) <= 12 and not text.endswith((".", ";")) and m.start() > 0:
                self.warn(n, W_MID_REFERENCE.format(ref=_clean(m.group(0)), case=self.case_name()))
            return
        if self.v.heading_like_re.match(text) and len(text.split()) <= 20:
            self.warn(n, W_HEADING_WITHOUT_REF.format(case=self.case_name()))

    # --- tables ------------------------------------------------------------------------------

    def cells(self, raw: str) -> tuple[str, list[str]] | None:
        line = raw.strip()
        if "\t" in line:
            return "\t", [_clean(c) for c in line.split("\t")]
        if line.count("|") >= 2 or (line.startswith("|") and line.count("|") >= 1):
            return "|", [_clean(c) for c in line.strip("|").split("|")]
        return None

    def table_row(self, n: int, raw: str) -> bool:
        got = self.cells(raw)
        if got is None:
            if self.table is not None:  # a line after the table is not part of its last row
                self.finish_case()
            self.table = None
            return False
        sep, cells = got
        if TABLE_RULE_RE.match(raw.strip()):
            return self.table is not None
        fields = [self.p.columns.get(" ".join(c.lower().rstrip(":").split())) for c in cells]
        known = [f for f in fields if f]
        if len(known) >= 2 and ("reference" in known or "title" in known):
            self.finish_case()
            self.table, self.table_sep, self.table_headings = fields, sep, cells
            for c, f in zip(cells, fields, strict=True):
                if f is None and c:
                    self.warn(n, W_TABLE_COLUMN.format(text=c))
            return True
        if self.table is None or sep != self.table_sep:
            return False
        row: dict[str, str] = {}
        extra: list[str] = []
        for i, c in enumerate(cells):
            f = self.table[i] if i < len(self.table) else None
            if not c:
                continue
            if f is None:
                heading = self.table_headings[i] if i < len(self.table_headings) else ""
                extra.append(f"{heading}: {c}" if heading else c)
            else:
                row[f] = f"{row[f]} {c}" if f in row else c
        if not row and not extra:
            return True
        return self.table_case(n, row, extra, " | ".join(c for c in cells if c))

    def table_case(self, n: int, row: dict[str, str], extra: list[str], whole: str) -> bool:
        ref_cell = row.get("reference", "")
        title = row.get("title", "")
        if ref_cell:
            m = self.v.cell_ref_re.match(ref_cell)
            ref = self.v.ref_from(m) if m else None
            if ref is None or m is None:
                self.warn(n, W_TABLE_REF.format(text=ref_cell))
                self.unplaced(n, whole)
                return True
            rest = ref_cell[m.end() :].strip(" :.,–-")
            title = title or rest
            if self.case is None or self.case.reference != ref:
                self.start_case(n, ref, _clean(m.group(0)), title)
                self.case_fields(n, row)
            else:
                self.new_group(self.case.proposer)
        elif self.case is None:
            self.unplaced(n, whole)
            return True
        else:
            self.new_group(self.case.proposer)
        assert self.case is not None
        if proposer_text := row.get("proposer"):
            who = self.proposer(proposer_text) or Proposer(name=proposer_text, party="")
            self.group_proposer = who
            if not self.case.points:
                self.case.proposer = who
        decision = row.get("decision", "")
        if not decision and not ref_cell and title:
            decision = title
        if decision:
            self.cell_points(n, decision)
        elif not self.group and (
            row.get("status") or row.get("completion") or row.get("followup") or row.get("responsible") or extra
        ):
            self.new_point(n, self.case.title)  # a row without a decision column: the case is its one point
        if v := row.get("responsible"):
            for p in self.group:
                p.responsible = v
        if v := row.get("completion"):
            self.set_completion(n, v)
        if v := row.get("followup"):
            self.log(n, v)
        for e in extra:
            self.log(n, e)
        if v := row.get("status"):
            self.set_status(n, v)
        if v := row.get("closed"):
            self.close(n, "avsluttet", v, v)
        return True

    def case_fields(self, n: int, row: dict[str, str]) -> None:
        assert self.case is not None
        if v := row.get("body"):
            self.case.body = self.p.body(v) or v
        if v := row.get("meeting_date"):
            day = _one_day(self.v.completion(v))
            if day is None:
                self.warn(n, W_MEETING_DATE.format(text=v))
            self.case.meeting_date = day or self.case.meeting_date

    def cell_points(self, n: int, text: str) -> None:
        """The decision cell of a table row: «a) … b) …» or «1. … 2. …» inside one cell are points."""
        assert self.case is not None
        for style, pattern in (("n", r"(?:^|\s)({i})[.)]\s+"), ("l", r"(?:^|\s)({i})\)\s+")):
            marks: list[re.Match[str]] = []
            for i in range(1, 27):
                token = str(i) if style == "n" else "abcdefghijklmnopqrstuvwxyz"[i - 1]
                m = re.compile(pattern.format(i=re.escape(token))).search(text, marks[-1].end() if marks else 0)
                if m is None:
                    break
                marks.append(m)
            if len(marks) >= 2:
                intro = text[: marks[0].start()].strip()
                if intro and not self.case.points and not self.case.preamble:
                    self.case.preamble = intro
                for k, m in enumerate(marks):
                    end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
                    self.new_point(n, text[m.end() : end].strip())
                self.phase = "followup"
                return
        self.new_point(n, text)
        self.phase = "followup"

    def read(self) -> TextImport:
        for n, line in enumerate(self.lines):
            if not line.strip():
                if line and self.case is not None and self.group and self.phase == "decision":
                    self.phase = "followup"  # a cell boundary ends the decision column
                    self.append_mode = False
                continue
            before = len(self.out.unplaced)
            self.paragraph(n, line)
            if len(self.out.unplaced) == before:
                self.out.placed.append(n + 1)
        self.finish_case()
        return self.out


def decisions_text_read(text: str, profile: DecisionProfile | None = None) -> TextImport:
    """Read a decisions follow-up list (as text) into cases, points, log entries, unplaced lines and
    warnings. Reads whatever it can; `decisions_text_import` also refuses a text that is no such list."""
    return _Reader(text, profile or profile_load()).read()


def decisions_text_import(text: str, profile: DecisionProfile | None = None) -> TextImport:
    """Read a follow-up list, or refuse the text (DecisionsTextRefused) saying why in general terms."""
    if not text.strip():
        raise DecisionsTextRefused(EMPTY_TEXT)
    result = decisions_text_read(text, profile)
    if not result.cases:
        why = WHY_MID_SENTENCE.format(count=result.mid_references) if result.mid_references else WHY_NO_REFERENCE
        raise DecisionsTextRefused(NOT_A_LIST.format(why=why))
    if not any(c.points for c in result.cases):
        raise DecisionsTextRefused(NOT_A_LIST.format(why=WHY_NO_POINTS.format(count=len(result.cases))))
    return result
