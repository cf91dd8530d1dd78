"""The decisions spreadsheet round trip (CSV and XLSX): one row per decision point with its case's
columns repeated, keyed on an external id per case and per point, with a base version per row.

The export format is the import format. `sheet_plan` compares the rows read from a file with what
the register holds and returns what an import would do, without guessing:

- a row whose values equal the register's changes nothing;
- a row whose values differ, and whose base version (`sak_versjon`/`punkt_versjon`, a hash of the
  values as exported) is the register's current version, is an update of exactly the changed fields;
- a row that differs but whose values still hash to its base version was not edited in the file:
  the register changed after the export, and the register's newer values are kept;
- a row that was edited in the file *and* whose base version is no longer the register's is a
  conflict, reported by file, row and column, and never overwritten;
- a row without a case id creates a case (rows with the same reference form one case), a row
  without a point id creates a point; a row with «ny oppfølging» adds a follow-up log entry.

Every value is compared in a canonical text form (stripped text with `\\n` line ends, ISO dates,
integers as digits, status and type as their codes), so a file re-saved by Excel (a date cell, a
number as 3.0) is not a change. Pure Python: no Django, no clock, no I/O.
"""

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from .decisions import STATUS_LABELS, PointStatus
from .errors import InputProblem


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # model field name; "" for the id, version and action columns
    scope: str  # "case", "point", "log" (read only), "action" ("ny oppfølging")
    kind: str = "text"  # text, int, date, status, kind, id, version
    required: bool = False


CASE_ID, CASE_VERSION, POINT_ID, POINT_VERSION = "sak_id", "sak_versjon", "punkt_id", "punkt_versjon"
LOG, NEW_LOG = "oppfølging", "ny oppfølging"

COLUMNS: tuple[Column, ...] = (
    Column(CASE_ID, "", "case", "id"),
    Column(CASE_VERSION, "", "case", "version"),
    Column("saksnummer", "reference", "case", required=True),
    Column("år", "year", "case", "int"),
    Column("organ", "body", "case", required=True),
    Column("møtedato", "meeting_date", "case", "date"),
    Column("type", "kind", "case", "kind"),
    Column("tittel", "title", "case", required=True),
    Column("forslagsstiller", "proposer", "case"),
    Column("parti", "party", "case"),
    Column("på vegne av", "on_behalf_of", "case"),
    Column("innledning", "preamble", "case"),
    Column(POINT_ID, "", "point", "id"),
    Column(POINT_VERSION, "", "point", "version"),
    Column("punkt", "number", "point", "int", required=True),
    Column("overskrift", "title", "point"),
    Column("vedtakstekst", "text", "point", required=True),
    Column("punkt forslagsstiller", "proposer", "point"),
    Column("punkt parti", "party", "point"),
    Column("punkt på vegne av", "on_behalf_of", "point"),
    Column("ansvarlig", "responsible", "point"),
    Column("forventa avsluttet", "expected_completion", "point"),
    Column("status", "status", "point", "status"),
    Column("avsluttet dato", "closed_on", "point", "date"),
    Column("avsluttet (som skrevet)", "closed_text", "point"),
    Column("merknad ved avslutning", "closing_remark", "point"),
    Column(LOG, "", "log"),
    Column(NEW_LOG, "", "action"),
)
HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)
BY_HEADER: dict[str, Column] = {c.header: c for c in COLUMNS}
CASE_FIELDS: tuple[str, ...] = tuple(c.field for c in COLUMNS if c.scope == "case" and c.field)
POINT_FIELDS: tuple[str, ...] = tuple(c.field for c in COLUMNS if c.scope == "point" and c.field)
CASE_HEADER = {c.field: c.header for c in COLUMNS if c.scope == "case" and c.field}
POINT_HEADER = {c.field: c.header for c in COLUMNS if c.scope == "point" and c.field}

KIND_CODES = ("interpellasjon", "spørsmål", "verbalforslag", "budsjettforslag", "annet")
STATUS_BY_TEXT: dict[str, str] = {
    **{s.value: s.value for s in PointStatus},
    **{label.lower(): s.value for s, label in STATUS_LABELS.items()},
    "pågår": PointStatus.IN_PROGRESS.value,
}

MSG_MISSING = "mangler verdi"
MSG_BAD_INT = "ugyldig heltall"
MSG_BAD_DATE = "ugyldig dato (bruk DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD)"
MSG_BAD_STATUS = "ukjent status (bruk " + ", ".join(f"«{v}»" for v in STATUS_LABELS.values()) + ")"
MSG_BAD_KIND = "ukjent type (bruk " + ", ".join(f"«{k}»" for k in KIND_CODES) + ")"
MSG_BAD_ID = "ugyldig id (en UUID som eksporten skrev, eller tom for en ny rad)"
MSG_UNKNOWN_CASE = "ukjent sak_id: saken finnes ikke i registeret"
MSG_UNKNOWN_POINT = "ukjent punkt_id: punktet finnes ikke i registeret"
MSG_POINT_ELSEWHERE = "punktet hører til en annen sak enn sak_id i samme rad"
MSG_DUPLICATE_POINT = "punkt_id står i flere rader (første i rad %(row)s)"
MSG_NO_VERSION = "mangler versjon (kolonnen må være med fra eksporten når raden har en id)"
MSG_CASE_DISAGREES = "ulik verdi for samme sak som i rad %(row)s («%(other)s»)"
MSG_REFERENCE_TAKEN = (
    "saksnummeret finnes fra før i en annen sak (sak_id %(other)s); skriv den sak_id-en i raden "
    "for å legge punktet til den saken"
)
MSG_CONFLICT = (
    "konflikt: saken eller punktet er endret i Tertial etter eksporten (versjon %(base)s, nå %(now)s); "
    "verdien i fila er ikke lagret (Tertial har «%(current)s»)"
)
MSG_UNKNOWN_COLUMN = "ukjent kolonne"
MSG_MISSING_COLUMN = "kolonnen mangler i overskriftsraden"


@dataclass(frozen=True)
class SheetRow:
    """One data row as read: its row number as a spreadsheet shows it (header = 1) and the cell text
    per header (values already turned into text by the reader: dates as ISO, integers as digits)."""

    row: int
    cells: Mapping[str, str]


@dataclass(frozen=True)
class Record:
    """A case or point in the register, as canonical values per field."""

    id: str
    values: Mapping[str, str]
    case_id: str = ""  # a point's case


@dataclass
class SheetPlan:
    case_updates: list[tuple[str, int, dict[str, tuple[str, str]]]] = field(default_factory=list)
    case_creates: list[tuple[str, int, dict[str, str]]] = field(default_factory=list)  # (new key, row, values)
    point_updates: list[tuple[str, int, dict[str, tuple[str, str]]]] = field(default_factory=list)
    point_creates: list[tuple[str, str, int, dict[str, str]]] = field(default_factory=list)  # (case, new key, …)
    log_adds: list[tuple[str, int, str]] = field(default_factory=list)  # (point id or new key, row, text)
    kept_newer: list[int] = field(default_factory=list)  # rows not edited in the file whose record changed since
    problems: list[InputProblem] = field(default_factory=list)
    rows: int = 0

    @property
    def changes(self) -> int:
        return (
            len(self.case_updates)
            + len(self.case_creates)
            + len(self.point_updates)
            + len(self.point_creates)
            + len(self.log_adds)
        )


def version(values: Mapping[str, str], fields: Sequence[str]) -> str:
    """The base version of a case or point: a short hash of its canonical values."""
    payload = json.dumps([values.get(f, "") for f in fields], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


def case_version(values: Mapping[str, str]) -> str:
    return version(values, CASE_FIELDS)


def point_version(values: Mapping[str, str]) -> str:
    return version(values, POINT_FIELDS)


def canonical_text(value: object) -> str:
    """A stored value as the round trip compares it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


_DATE_RE = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), (3, 2, 1)),
)


def _parse(kind: str, text: str) -> str | None:
    """The canonical value of one cell, or None when it is not valid for its kind."""
    if not text:
        return ""
    if kind == "int":
        m = re.fullmatch(r"(\d+)(?:[.,]0+)?", text)
        return str(int(m.group(1))) if m else None
    if kind == "date":
        for pattern, (y, mo, d) in _DATE_RE:
            m = pattern.fullmatch(text)
            if m:
                try:
                    return date(int(m.group(y)), int(m.group(mo)), int(m.group(d))).isoformat()
                except ValueError:
                    return None
        return None
    if kind == "status":
        return STATUS_BY_TEXT.get(text.lower())
    if kind == "kind":
        return text.lower() if text.lower() in KIND_CODES else None
    if kind == "id":
        return text.lower() if re.fullmatch(r"[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}", text) else None
    return text


_MESSAGES = {
    "int": MSG_BAD_INT,
    "date": MSG_BAD_DATE,
    "status": MSG_BAD_STATUS,
    "kind": MSG_BAD_KIND,
    "id": MSG_BAD_ID,
}


def headers_check(name: str, headers: Sequence[str]) -> list[InputProblem]:
    """Every column the export writes must be there (except the read-only log and «ny oppfølging»);
    an unknown column is named, so a renamed header is never silently ignored."""
    problems = [InputProblem(name, MSG_UNKNOWN_COLUMN, row=1, column=h) for h in headers if h and h not in BY_HEADER]
    present = set(headers)
    problems += [
        InputProblem(name, MSG_MISSING_COLUMN, row=1, column=c.header)
        for c in COLUMNS
        if c.scope in ("case", "point") and c.header not in present
    ]
    return problems


@dataclass
class _Parsed:
    row: int
    case: dict[str, str]
    point: dict[str, str]
    ids: dict[str, str]
    new_log: str
    bad_id: bool = False  # an id cell that is not an id: the row is not matched (one error, not three)


def _parse_row(name: str, r: SheetRow, problems: list[InputProblem]) -> _Parsed:
    parsed = _Parsed(r.row, {}, {}, {}, "")
    for col in COLUMNS:
        if col.scope == "log":
            continue
        text = canonical_text(r.cells.get(col.header, ""))
        value = _parse(col.kind, text)
        if value is None:
            problems.append(InputProblem(name, _MESSAGES[col.kind], row=r.row, column=col.header, value=text))
            parsed.bad_id = parsed.bad_id or col.kind == "id"
            value = ""
        elif col.required and not value:
            problems.append(InputProblem(name, MSG_MISSING, row=r.row, column=col.header))
        if col.scope == "action":
            parsed.new_log = value
        elif not col.field:
            parsed.ids[col.header] = value
        elif col.scope == "case":
            parsed.case[col.field] = value
        else:
            parsed.point[col.field] = value
    if not parsed.point.get("status"):
        parsed.point["status"] = PointStatus.NOT_STARTED.value
    if not parsed.case.get("kind"):
        parsed.case["kind"] = "annet"
    return parsed


def _compare(
    name: str,
    row: int,
    base: str,
    file_values: Mapping[str, str],
    record: Record,
    fields: Sequence[str],
    headers: Mapping[str, str],
    plan: SheetPlan,
) -> dict[str, tuple[str, str]] | None:
    """The changed fields of one case or point, or None when there is nothing to write."""
    changed = {
        f: (record.values.get(f, ""), file_values[f]) for f in fields if file_values[f] != record.values.get(f, "")
    }
    if not changed:
        return None
    now = version(record.values, fields)
    if base == now:
        return changed
    if version(file_values, fields) == base:  # not edited in the file: the register's newer values stay
        plan.kept_newer.append(row)
        return None
    for f, (current, _new) in changed.items():
        msg = MSG_CONFLICT % {"base": base, "now": now, "current": current[:60]}
        plan.problems.append(InputProblem(name, msg, row=row, column=headers[f], value=file_values[f][:60]))
    return None


def sheet_plan(
    name: str,
    rows: Sequence[SheetRow],
    *,
    cases: Mapping[str, Record],
    points: Mapping[str, Record],
    reference_key: Callable[[str], str],
) -> SheetPlan:
    """What importing `rows` (file `name`) into a register holding `cases` and `points` would do.
    Nothing is to be written when `plan.problems` is not empty."""
    plan = SheetPlan()
    keys_in_register = {reference_key(c.values["reference"]): cid for cid, c in cases.items()}
    case_rows: dict[str, _Parsed] = {}  # case id or new key → first row
    seen_points: dict[str, int] = {}
    for r in rows:
        if not any(canonical_text(v) for v in r.cells.values()):
            continue
        plan.rows += 1
        p = _parse_row(name, r, plan.problems)
        if p.bad_id:
            continue
        case_id, point_id = p.ids[CASE_ID], p.ids[POINT_ID]
        if case_id and case_id not in cases:
            plan.problems.append(InputProblem(name, MSG_UNKNOWN_CASE, row=r.row, column=CASE_ID, value=case_id))
            continue
        key = case_id or "ny:" + reference_key(p.case["reference"])
        first = case_rows.get(key)
        if first is None:
            case_rows[key] = p
            owner = keys_in_register.get(reference_key(p.case["reference"]))
            if p.case["reference"] and owner is not None and owner != case_id:
                msg = MSG_REFERENCE_TAKEN % {"other": owner}
                plan.problems.append(InputProblem(name, msg, row=r.row, column="saksnummer", value=p.case["reference"]))
            elif case_id:
                if not p.ids[CASE_VERSION]:
                    plan.problems.append(InputProblem(name, MSG_NO_VERSION, row=r.row, column=CASE_VERSION))
                else:
                    fields = CASE_FIELDS
                    changed = _compare(
                        name, r.row, p.ids[CASE_VERSION], p.case, cases[case_id], fields, CASE_HEADER, plan
                    )
                    if changed:
                        plan.case_updates.append((case_id, r.row, changed))
            else:
                plan.case_creates.append((key, r.row, dict(p.case)))
        else:
            for f in CASE_FIELDS:
                if p.case[f] != first.case[f]:
                    msg = MSG_CASE_DISAGREES % {"row": first.row, "other": first.case[f][:60]}
                    plan.problems.append(
                        InputProblem(name, msg, row=r.row, column=CASE_HEADER[f], value=p.case[f][:60])
                    )
        if point_id:
            if point_id in seen_points:
                msg = MSG_DUPLICATE_POINT % {"row": seen_points[point_id]}
                plan.problems.append(InputProblem(name, msg, row=r.row, column=POINT_ID, value=point_id))
                continue
            seen_points[point_id] = r.row
            record = points.get(point_id)
            if record is None:
                plan.problems.append(InputProblem(name, MSG_UNKNOWN_POINT, row=r.row, column=POINT_ID, value=point_id))
                continue
            if record.case_id != case_id:
                plan.problems.append(
                    InputProblem(name, MSG_POINT_ELSEWHERE, row=r.row, column=POINT_ID, value=point_id)
                )
                continue
            if not p.ids[POINT_VERSION]:
                plan.problems.append(InputProblem(name, MSG_NO_VERSION, row=r.row, column=POINT_VERSION))
                continue
            changed = _compare(name, r.row, p.ids[POINT_VERSION], p.point, record, POINT_FIELDS, POINT_HEADER, plan)
            if changed:
                plan.point_updates.append((point_id, r.row, changed))
            if p.new_log:
                plan.log_adds.append((point_id, r.row, p.new_log))
        else:
            new_key = f"ny-punkt:{r.row}"
            plan.point_creates.append((key, new_key, r.row, dict(p.point)))
            if p.new_log:
                plan.log_adds.append((new_key, r.row, p.new_log))
    return plan
