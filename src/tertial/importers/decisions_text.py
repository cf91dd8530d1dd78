"""Legacy import of a decisions follow-up page copied as text from a municipality's web page.

The page was a table (case | status | expected completion) flattened into paragraphs. The reader
walks the paragraphs and places each one: case headings ("FO 12/21 Interpellasjon fra …"), year
headings, proposals ("Forslag framsatt av …"), decision points (numbered "1." "2.", bullets or plain
paragraphs), follow-up log entries, expected completion ("Høsten 2021", "30.6.20"), and closing
lines ("Avsluttet januar 2021", "Gjennomført januar 2021"). Every line it cannot place is returned
with its line number; nothing is dropped silently. Pure: text in, dataclasses out.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from tertial.core.completion import completion_parse
from tertial.core.decisions import (
    REFERENCE_RE,
    CaseRef,
    PointStatus,
    Proposer,
    proposer_parse,
    reference_parse,
    responsible_from_text,
)

KIND_INTERPELLATION = "interpellasjon"
KIND_QUESTION = "spørsmål"
KIND_VERBAL = "verbalforslag"
KIND_BUDGET = "budsjettforslag"
KIND_OTHER = "annet"


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


@dataclass
class TextImport:
    cases: list[ImportedCase] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    published: str = ""
    last_changed: str = ""


HEADING_RE = re.compile(r"^(?P<ref>(?i:K-sak|FO|KS|PS|FS)\s*\d{1,4}\s*/\s*(?:\d{4}|\d{2}))\s+(?P<rest>[A-ZÆØÅ].*)$")
HEADING_PROPOSER_RE = re.compile(
    r"^(?P<kind>Interpellasjon|Spørsmål|Verbalforslag)\s+fra\s+(?P<who>.+?\([^()]+\))\s*(?:[-–:]\s*(?P<subject>.*))?$",
    re.IGNORECASE,
)
PROPOSAL_RE = re.compile(r"^(?:Forslag|Verbalforslag)\s+(?:framsatt|fremsatt|fremmet)\s+av\s+(?P<who>.+)$", re.I)
CLOSING_RE = re.compile(r"^(?P<word>Avsluttet|Avsluttes|Gjennomført|Gjennomføres)\b[\s:]*(?P<rest>.*?)[\s.]*$", re.I)
NUMBERED_RE = re.compile(r"^(?P<n>\d{1,2})\.\s+(?P<text>\S.*)$")
BULLET_RE = re.compile(r"^[•\-–·*]\s*(?P<text>\S.*)$")
RESPONSIBLE_RE = re.compile(r"^(?P<who>[A-ZÆØÅ][\wæøåÆØÅ-]*(?:\s+[\wæøåÆØÅ-]+){0,3}?)\s+følger?\s+opp\b", re.I)
YEAR_RE = re.compile(r"^(?:19|20)\d{2}$")
FOOTER_RE = re.compile(r"^Publisert:\s*(?P<pub>.+?)\s+Sist endret:\s*(?P<changed>.+)$")
INLINE_BULLETS_RE = re.compile(r"\s+[-–]\s+(?=[A-ZÆØÅ])")
DECISION_OPENERS = ("Kommunestyret ", "Vi ber ")
TITLE_RE = re.compile(r"^[A-ZÆØÅ][a-zæøå-]{4,}$")


def _kind(rest: str) -> str:
    low = rest.lower()
    for word in (KIND_INTERPELLATION, KIND_QUESTION, KIND_VERBAL):
        if low.startswith(word):
            return word
    return KIND_BUDGET if low.startswith("budsjett") else KIND_OTHER


def _bare_reference(text: str) -> bool:
    m = REFERENCE_RE.match(text)
    return bool(m) and len(text[m.end() :].strip(" .,")) == 0


class _Reader:
    def __init__(self, text: str) -> None:
        self.raw = text.splitlines()
        self.lines = [r.replace("\xa0", " ").replace("\u200b", "") for r in self.raw]
        self.out = TextImport()
        self.year: int | None = None
        self.case: ImportedCase | None = None
        self.group: list[ImportedPoint] = []
        self.group_proposer: Proposer | None = None
        self.phase = "decision"
        self.append_mode = False  # decision text continues (after ":" or ";", or under a point title)
        self.decision_until = -1  # line index up to which paragraphs still belong to the decision
        self.pending_title = ""
        self.ended = False

    # --- helpers ---------------------------------------------------------------------------

    def unplaced(self, n: int, text: str) -> None:
        self.out.unplaced.append((n + 1, text))

    def new_group(self, proposer: Proposer | None) -> None:
        self.group = []
        self.group_proposer = proposer
        self.phase = "decision"
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
                HEADING_RE.match(text)
                or PROPOSAL_RE.match(text)
                or CLOSING_RE.match(text)
                or NUMBERED_RE.match(text)
                or BULLET_RE.match(text)
                or completion_parse(text).parsed
            ):
                break
            if text.startswith(DECISION_OPENERS):
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
        c = completion_parse(text)
        for p in self.group:
            if p.expected_completion and p.expected_completion != text:
                p.log.append(ImportedLog(text=f"Forventa avsluttet: {p.expected_completion}", line=n + 1))
            p.expected_completion = text
            if c.continuous:
                p.status = PointStatus.CONTINUOUS
        self.phase = "followup"
        self.append_mode = False

    def close(self, n: int, word: str, rest: str, whole: str) -> None:
        if not self.group:
            self.unplaced(n, whole)
            return
        if word.lower() in ("avsluttes", "gjennomføres"):
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
            c = completion_parse(rest)
            if c.parsed and c.end is not None:
                closed_on = c.end
            else:
                self.out.warnings.append((n + 1, f"Avslutningsdato kunne ikke leses ({c.problem}): «{rest}»"))
        for p in self.group:
            if p.status in (PointStatus.COMPLETED, PointStatus.CLOSED):
                earlier = "Avsluttet " + (p.closed_text or p.closing_remark)
                p.log.append(ImportedLog(text=earlier.strip(), line=n + 1))
            p.status, p.closed_text, p.closed_on, p.closing_remark = status, closed_text, closed_on, remark
        self.phase = "followup"
        self.append_mode = False

    # --- the walk --------------------------------------------------------------------------

    def heading(self, n: int, m: re.Match[str]) -> None:
        self.finish_case()
        ref_text = re.sub(r"\s+", " ", m.group("ref"))
        ref = reference_parse(ref_text)
        assert ref is not None
        rest = m.group("rest").strip().rstrip(":").strip()
        proposer: Proposer | None = None
        overflow = ""
        pm = HEADING_PROPOSER_RE.match(rest)
        if pm:
            proposer = proposer_parse(pm.group("who"))
            subject = (pm.group("subject") or "").strip()
            if len(subject) > 80:  # the first decision paragraph ran into the heading
                split = re.search(r"\s(?=[A-ZÆØÅ][a-zæøå]+\s)", subject)
                if split:
                    overflow = subject[split.end() :].strip()
                    rest = rest[: len(rest) - len(subject)] + subject[: split.start()].strip()
        self.case = ImportedCase(
            reference=ref, reference_text=ref_text, title=rest, kind=_kind(rest), line=n + 1, year=self.year
        )
        self.case.proposer = proposer
        self.new_group(proposer)
        self.pending_title = ""
        if overflow:
            self.decision_paragraph(n, overflow)

    def finish_case(self) -> None:
        if self.case is None:
            return
        for p in self.case.points:
            if p.status == PointStatus.NOT_STARTED and p.log:
                p.status = PointStatus.IN_PROGRESS
            if not p.responsible:  # the office the decision itself addresses, if exactly one
                p.responsible = responsible_from_text(p.text)
        self.out.cases.append(self.case)
        self.case = None
        self.group = []

    def decision_paragraph(self, n: int, text: str) -> None:
        """A paragraph while the decision column is being read."""
        assert self.case is not None
        text = re.sub(r"^Vedtak\s*:\s*", "", text)
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
        m = NUMBERED_RE.match(text)
        if m and 1 <= int(m.group("n")) <= len(self.group):
            self.group[int(m.group("n")) - 1].log.append(ImportedLog(text=m.group("text").strip(), line=n + 1))
            return
        rm = RESPONSIBLE_RE.match(text)
        if rm and self.group:
            for p in self.group:
                p.responsible = ", ".join(x for x in (p.responsible, rm.group("who").strip()) if x)
            return
        self.log(n, text)

    def paragraph(self, n: int, raw: str) -> None:
        text = re.sub(r"\s+", " ", raw).strip()
        if self.ended:
            self.unplaced(n, text)
            return
        if fm := FOOTER_RE.match(text):
            self.finish_case()
            self.out.published, self.out.last_changed = fm.group("pub").strip(), fm.group("changed").strip()
            self.ended = True
            return
        if YEAR_RE.match(text):
            self.finish_case()
            self.year = int(text)
            return
        if hm := HEADING_RE.match(text):
            self.heading(n, hm)
            return
        if self.case is None:
            self.unplaced(n, text)
            return
        if pm := PROPOSAL_RE.match(text):
            who = pm.group("who").strip().rstrip(":").strip()
            self.new_group(proposer_parse(who) or Proposer(name=who, party=""))
            return
        if cm := CLOSING_RE.match(text):
            self.close(n, cm.group("word"), cm.group("rest").strip(), text)
            return
        # a trailing expected completion after a wide gap: "… tomteutvikling.  Høsten 2021"
        cells = [c.strip() for c in re.split(r"\s{2,}", raw.strip()) if c.strip()]
        if len(cells) > 1 and completion_parse(cells[-1]).parsed:
            self.paragraph(n, " ".join(cells[:-1]))
            self.set_completion(n, cells[-1])
            return
        if completion_parse(text).parsed and len(text) <= 40:
            self.set_completion(n, text)
            return
        if _bare_reference(text):
            self.log(n, text)
            return
        if self.phase == "followup" and TITLE_RE.match(text):
            self.new_group(self.case.proposer)
            self.pending_title = text
            return
        if self.phase == "followup" and text.startswith(DECISION_OPENERS) and not self.append_mode:
            self.new_group(self.case.proposer)
            self.decision_paragraph(n, text)
            return
        if len(text.split()) < 2 and any(ch.isdigit() for ch in text):
            self.unplaced(n, text)
            return
        nm = NUMBERED_RE.match(text)
        bm = BULLET_RE.match(text)
        if self.phase == "decision":
            if nm and int(nm.group("n")) == len(self.group) + 1 and not self.append_mode:
                self.new_point(n, nm.group("text").strip())
                return
            if bm and not self.append_mode:
                self.new_point(n, bm.group("text").strip())
                return
            if bm and self.group:
                self.group[-1].text += "\n• " + bm.group("text").strip()
                return
            if nm and int(nm.group("n")) == 1 and self.group:
                self.followup_paragraph(n, text)
                return
            self.decision_paragraph(n, text)
            return
        self.followup_paragraph(n, text)

    def read(self) -> TextImport:
        for n, line in enumerate(self.lines):
            if not line.strip():
                if line and self.case is not None and self.group and self.phase == "decision":
                    self.phase = "followup"  # a cell boundary ends the decision column
                    self.append_mode = False
                continue
            self.paragraph(n, line)
        self.finish_case()
        return self.out


def decisions_text_read(text: str) -> TextImport:
    """Read a decisions follow-up page (as text) into cases, points, log entries and unplaced lines."""
    return _Reader(text).read()
