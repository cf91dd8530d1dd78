"""Writes to the decisions register; every change is audited."""

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tertial.core.completion import completion_parse
from tertial.core.decisions import parties_split, reference_normalise, reference_parse
from tertial.core.errors import InputError, InputProblem
from tertial.importers.decision_profile import DecisionProfile, profile_load
from tertial.importers.decisions_text import (
    DecisionsTextRefused,
    ImportedCase,
    ImportedPoint,
    TextImport,
    decisions_text_import,
)
from tertial.web.audit.services import audit_changes, audit_record
from tertial.web.notifications.services import decision_changed_notify

from .models import OPEN_STATUSES, Case, DecisionPoint, LogEntry, Status, StatusChange

STATUS_CHANGED = _("Status endret fra «%(old)s» til «%(new)s».")
LOG_ADDED = _("Ny oppfølging er registrert.")
IMPORT_UNREADABLE = _("Kan ikke lese fila: %(error)s")
IMPORT_EMPTY = _("Fila er tom.")
IMPORT_SUMMARY = _(
    "Politiske vedtak: %(created)s saker lest inn, %(updated)s oppdatert, %(unchanged)s uendret; "
    "%(points)s nye vedtakspunkter, %(closed)s avsluttet."
)
IMPORT_DRY_RUN = _("Prøvekjøring: ingenting er lagret.")
IMPORT_UPDATED_LINE = _("  %(reference)s oppdatert: %(fields)s")
IMPORT_STALE = _("Registeret er endret siden forhåndsvisningen; se på den nye forhåndsvisningen før du lagrer.")
IMPORT_PROBLEMS = _("%(unplaced)s linjer kunne ikke plasseres, %(warnings)s advarsler.")
IMPORT_UNPLACED_LINE = _("  linje %(line)s: ikke plassert: %(text)s")
IMPORT_WARNING_LINE = _("  linje %(line)s: %(text)s")

CASE_FIELDS = (
    "reference",
    "body",
    "meeting_date",
    "year",
    "kind",
    "title",
    "proposer",
    "party",
    "on_behalf_of",
    "preamble",
)
POINT_FIELDS = (
    "number",
    "title",
    "text",
    "proposer",
    "party",
    "on_behalf_of",
    "responsible",
    "expected_completion",
    "status",
    "closed_on",
    "closed_text",
    "closing_remark",
)


def _values(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def reference_key(reference: str) -> str:
    """The key a case is matched on ("FO 12/21" and "FO 12/2021" are one case); text that is not
    a recognised reference is its own key."""
    return reference_normalise(reference) or " ".join(reference.split())


def case_derive(case: Case) -> Case:
    """Set the fields a case derives from what users enter: the reference key, the parties it was
    proposed on behalf of as one ", "-list, and, when missing, the year (from the meeting date, else
    from the reference)."""
    case.reference_key = reference_key(case.reference)
    case.on_behalf_of = ", ".join(parties_split(case.on_behalf_of))
    if case.year is None:
        ref = reference_parse(case.reference)
        case.year = case.meeting_date.year if case.meeting_date else (ref.year if ref else None)
    return case


def point_derive(point: DecisionPoint) -> DecisionPoint:
    """Set the expected-completion range from the text as written; an open point whose text says
    "kontinuerlig" is continuous."""
    point.on_behalf_of = ", ".join(parties_split(point.on_behalf_of))
    c = completion_parse(point.expected_completion)
    point.expected_start, point.expected_end = c.start, c.end
    if c.continuous and point.status in OPEN_STATUSES:
        point.status = Status.CONTINUOUS
    return point


@transaction.atomic
def case_save(*, case: Case, actor: Any, before: dict[str, Any] | None = None) -> Case:
    """Create or update a case (the caller sets the fields)."""
    created = case.pk is None
    case_derive(case)
    case.save()
    after = _values(case, CASE_FIELDS)
    audit_record(
        actor=actor,
        action="decisions.case_create" if created else "decisions.case_update",
        obj=case,
        changes=audit_changes(before or {}, after),
    )
    return case


def _status_label(value: Any) -> str:
    return str(Status(value).label) if value in Status.values else str(value or "–")


def _status_change_text(old: Any, new: Any) -> Callable[[], str]:
    """«Status endret fra … til …», made in the language of each follower's mail."""
    return lambda: str(STATUS_CHANGED % {"old": _status_label(old), "new": _status_label(new)})


@transaction.atomic
def point_save(
    *, point: DecisionPoint, actor: Any, before: dict[str, Any] | None = None, notify: bool = True
) -> DecisionPoint:
    """Create or update a decision point; a change of status is logged (the Atom feed) and mailed to
    the case's followers (`notify=False`: the caller tells them itself)."""
    created = point.pk is None
    old_status = (before or {}).get("status", "")
    point_derive(point)
    point.save()
    if str(old_status) != str(point.status):
        StatusChange.objects.create(point=point, old_status=old_status or "", new_status=point.status)
        if notify and not created:
            decision_changed_notify(case=point.case, point=point, change=_status_change_text(old_status, point.status))
    audit_record(
        actor=actor,
        action="decisions.point_create" if created else "decisions.point_update",
        obj=point,
        changes=audit_changes(before or {}, _values(point, POINT_FIELDS)),
    )
    return point


def point_values(point: DecisionPoint) -> dict[str, Any]:
    return _values(point, POINT_FIELDS)


def case_values(case: Case) -> dict[str, Any]:
    return _values(case, CASE_FIELDS)


@transaction.atomic
def log_entry_add(*, point: DecisionPoint, text: str, entry_date: Any = None, actor: Any = None) -> LogEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = LogEntry.objects.create(point=point, text=text, entry_date=entry_date, created_by=user)
    old_status = point.status
    if point.status == Status.NOT_STARTED:  # the first follow-up starts the work
        before = point_values(point)
        point.status = Status.IN_PROGRESS
        point_save(point=point, actor=actor, before=before, notify=False)
    started = old_status != point.status

    def change() -> str:
        text = str(LOG_ADDED)
        return f"{text} {_status_change_text(old_status, point.status)()}" if started else text

    decision_changed_notify(case=point.case, point=point, change=change, text=text)
    audit_record(
        actor=actor, action="decisions.log_add", obj=entry, changes={"text": [None, text], "point": [None, point.pk]}
    )
    return entry


def _gone(values: dict[str, Any]) -> dict[str, list[Any]]:
    return audit_changes(values, dict.fromkeys(values))


@transaction.atomic
def point_delete(*, point: DecisionPoint, actor: Any) -> None:
    audit_record(actor=actor, action="decisions.point_delete", obj=point, changes=_gone(point_values(point)))
    point.delete()


@transaction.atomic
def case_delete(*, case: Case, actor: Any) -> None:
    audit_record(actor=actor, action="decisions.case_delete", obj=case, changes=_gone(case_values(case)))
    case.delete()


def _proposer_fields(proposer: Any) -> dict[str, str]:
    if proposer is None:
        return {"proposer": "", "party": "", "on_behalf_of": ""}
    return {"proposer": proposer.name, "party": proposer.party, "on_behalf_of": ", ".join(proposer.on_behalf_of)}


def _imported_case_values(c: ImportedCase) -> dict[str, Any]:
    return {
        "reference": c.reference_text,
        "body": c.body,
        "meeting_date": c.meeting_date,
        "year": c.year or c.reference.year,
        "kind": c.kind,
        "title": c.title,
        **_proposer_fields(c.proposer),
        "preamble": c.preamble,
    }


def _imported_point_values(p: ImportedPoint) -> dict[str, Any]:
    return {
        "number": p.number,
        "title": p.title,
        "text": p.text,
        **_proposer_fields(p.proposer),
        "responsible": p.responsible,
        "expected_completion": p.expected_completion,
        "status": p.status.value,
        "closed_on": p.closed_on,
        "closed_text": p.closed_text,
        "closing_remark": p.closing_remark,
    }


# What the text says replaces what the register holds; what the text leaves empty is kept (a
# meeting date or responsible entered in the register is not wiped by a list that does not show it).
def _changed(obj: Any, values: dict[str, Any], *, keep: tuple[str, ...] = ()) -> dict[str, Any]:
    out = {}
    for name, value in values.items():
        if name in keep or value in ("", None):
            continue
        if str(getattr(obj, name) or "") != str(value or ""):
            out[name] = value
    return out


@dataclass
class CaseChange:
    reference: str
    fields: list[str] = field(default_factory=list)  # "tittel", "punkt 2: status", "punkt 3 (ny)", "punkt 1: logg +2"


@dataclass
class DecisionsImportReport:
    """What an import did (or, in a dry run, would do): cases added, updated (with the fields) and
    unchanged, and the reader's unplaced lines and warnings."""

    result: TextImport
    added: list[str] = field(default_factory=list)
    updated: list[CaseChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    points_added: int = 0
    closed_added: int = 0
    dry_run: bool = False

    @property
    def digest(self) -> str:
        """A fingerprint of the changes, so a confirmed preview writes exactly what was shown."""
        what = [self.added, [(c.reference, c.fields) for c in self.updated], self.unchanged]
        return hashlib.sha256(json.dumps(what, ensure_ascii=False).encode()).hexdigest()[:32]

    def summary(self) -> str:
        counts = {
            "created": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "points": self.points_added,
            "closed": self.closed_added,
        }
        r = self.result
        lines = [str(IMPORT_DRY_RUN)] if self.dry_run else []
        lines += [
            IMPORT_SUMMARY % counts,
            IMPORT_PROBLEMS % {"unplaced": len(r.unplaced), "warnings": len(r.warnings)},
        ]
        lines += [IMPORT_UPDATED_LINE % {"reference": c.reference, "fields": ", ".join(c.fields)} for c in self.updated]
        lines += [IMPORT_UNPLACED_LINE % {"line": n, "text": t[:100]} for n, t in r.unplaced]
        lines += [IMPORT_WARNING_LINE % {"line": n, "text": t} for n, t in r.warnings]
        return "\n".join(str(x) for x in lines)


class _DryRun(Exception):
    """Raised inside the import transaction to roll a dry run back."""


def _point_create(case: Case, p: ImportedPoint) -> DecisionPoint:
    point = DecisionPoint(case=case, **_imported_point_values(p))
    point_derive(point).save()
    StatusChange.objects.create(point=point, old_status="", new_status=point.status)
    LogEntry.objects.bulk_create([LogEntry(point=point, text=e.text) for e in p.log])
    return point


def _case_create(c: ImportedCase, actor: Any) -> Case:
    case = Case(**_imported_case_values(c))
    case_derive(case).save()
    for p in c.points:
        _point_create(case, p)
    audit_record(actor=actor, action="decisions.case_import", obj=case, changes={"reference": [None, case.reference]})
    return case


def _label(model: Any, name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _case_update(case: Case, c: ImportedCase, actor: Any) -> list[str]:
    """Bring a case in line with the text; returns what changed (field labels, Norwegian)."""
    changes: list[str] = []
    probe_case = case_derive(Case(**_imported_case_values(c)))
    values = _changed(case, {f: getattr(probe_case, f) for f in CASE_FIELDS}, keep=("reference",))
    if values:
        before = case_values(case)
        for name, value in values.items():
            setattr(case, name, value)
        case_save(case=case, actor=actor, before=before)
        changes += [_label(Case, name) for name in values]
    points = {p.number: p for p in case.points.all()}
    for p in c.points:
        point = points.get(p.number)
        if point is None:
            _point_create(case, p)
            changes.append(f"punkt {p.number} (nytt)")
            continue
        probe = point_derive(DecisionPoint(**_imported_point_values(p)))  # compare what would be stored
        pv = _changed(point, {f: getattr(probe, f) for f in POINT_FIELDS}, keep=("number",))
        if pv:
            before = point_values(point)
            for name, value in pv.items():
                setattr(point, name, value)
            point_save(point=point, actor=actor, before=before)
            labels = ", ".join(_label(DecisionPoint, name) for name in pv)
            changes.append(f"punkt {p.number}: {labels}")
        known = set(point.log_entries.values_list("text", flat=True))
        new = [e for e in p.log if e.text not in known]
        if new:
            LogEntry.objects.bulk_create([LogEntry(point=point, text=e.text) for e in new])
            audit_record(
                actor=actor,
                action="decisions.log_import",
                obj=point,
                changes={"log": [None, [e.text for e in new]]},
            )
            changes.append(f"punkt {p.number}: oppfølging +{len(new)}")
    return changes


def decisions_import_text(
    *,
    text: str,
    name: str,
    profile: DecisionProfile | None = None,
    actor: Any = None,
    dry_run: bool = False,
    expect_digest: str = "",
) -> DecisionsImportReport:
    """Import a follow-up list (text). One transaction: new cases are added; a case whose reference
    is in the register is updated field by field (what the text leaves empty is kept, follow-up lines
    are added once). `dry_run` does everything and rolls it back (the preview shows exactly what a
    write would do); `expect_digest` refuses to write when the outcome differs from a preview's.
    Raises InputError naming the file when the text is no follow-up list."""
    try:
        result = decisions_text_import(text, profile or profile_load(settings.TERTIAL_DECISIONS_PROFILE or None))
    except DecisionsTextRefused as exc:
        raise InputError([InputProblem(name, str(exc))]) from exc
    report = DecisionsImportReport(result=result, dry_run=dry_run)
    try:
        with transaction.atomic():
            existing = dict(Case.objects.values_list("reference_key", "pk"))
            for c in result.cases:
                key = reference_key(c.reference_text)
                if key not in existing:
                    case = _case_create(c, actor)
                    existing[key] = case.pk
                    report.added.append(c.reference_text)
                    report.points_added += len(c.points)
                    report.closed_added += sum(1 for p in c.points if p.status.value in ("gjennomført", "avsluttet"))
                    continue
                changes = _case_update(Case.objects.get(pk=existing[key]), c, actor)
                if changes:
                    report.updated.append(CaseChange(reference=c.reference_text, fields=changes))
                else:
                    report.unchanged.append(c.reference_text)
            if expect_digest and report.digest != expect_digest:
                raise InputError([InputProblem(name, str(IMPORT_STALE))])
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _read_text(path: Path) -> str:
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([InputProblem(name, IMPORT_UNREADABLE % {"error": exc})]) from exc
    if not text.strip():
        raise InputError([InputProblem(name, str(IMPORT_EMPTY))])
    return text


def decisions_import_text_file(
    *, path: Path, actor: Any = None, profile: DecisionProfile | None = None, dry_run: bool = False
) -> str:
    """Import a follow-up list saved as text (see `decisions_import_text`). Returns a Norwegian summary."""
    text = _read_text(path)
    return decisions_import_text(text=text, name=str(path), profile=profile, actor=actor, dry_run=dry_run).summary()


# --- the web import's two steps: the uploaded text is kept between the preview and the confirmation


STAGED_HOURS = 24  # an unconfirmed preview's text is kept this long


def _staging_dir() -> Path:
    return Path(settings.TERTIAL_UPLOAD_DIR) / "decisions"


def decisions_import_stage(*, text: str) -> str:
    """Keep an uploaded text until its preview is confirmed; returns the token that names it."""
    import secrets

    token = secrets.token_hex(16)
    folder = _staging_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stale = time.time() - STAGED_HOURS * 3600
    for old in folder.glob("*.txt"):  # previews nobody confirmed
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    fd = os.open(folder / f"{token}.txt", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return token


def _staged_path(token: str) -> Path | None:
    if not (len(token) == 32 and all(c in "0123456789abcdef" for c in token)):
        return None
    return _staging_dir() / f"{token}.txt"


def decisions_import_staged(*, token: str) -> str | None:
    """The text kept under `token`, or None when there is none (expired, already used, or forged)."""
    path = _staged_path(token)
    if path is None or not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def decisions_import_unstage(*, token: str) -> None:
    path = _staged_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


# --- the spreadsheet round trip ---------------------------------------------------------------

SHEET_SUMMARY = _(
    "Politiske vedtak fra regneark: %(rows)s rader lest; %(case_updates)s saker og %(point_updates)s punkter "
    "endret, %(case_creates)s nye saker, %(point_creates)s nye punkter, %(logs)s nye oppfølginger."
)
SHEET_DRY_RUN = _("Prøvekjøring: ingenting er lagret.")
SHEET_NO_CHANGE = _("Ingen endringer: fila er lik registeret.")
SHEET_KEPT_NEWER = _(
    "Rad %(rows)s er ikke endret i fila, men i Tertial etter eksporten: verdiene i Tertial er beholdt."
)
SHEET_CHANGE_LINE = _("  rad %(row)s: %(what)s: %(column)s «%(old)s» → «%(new)s»")
SHEET_NEW_LINE = _("  rad %(row)s: ny %(what)s")


def _typed(field: str, value: str) -> Any:
    if field in ("year",):
        return int(value) if value else None
    if field == "number":
        return int(value)
    if field in ("meeting_date", "closed_on"):
        return date.fromisoformat(value) if value else None
    return value


def _assign(obj: Any, values: dict[str, str]) -> None:
    for f, v in values.items():
        setattr(obj, f, _typed(f, v))


def decisions_sheet_import(*, path: Path, actor: Any = None, dry_run: bool = False) -> str:
    """Import the round-trip spreadsheet (CSV or XLSX, see `core.decisions_sheet`). All or nothing:
    a bad cell or a conflict raises InputError naming file, row and column, and nothing is written.
    Unchanged rows change nothing; each changed case and point is saved by `case_save`/`point_save`
    (audited, status changes recorded for the feed). Returns a Norwegian summary of what changed."""
    from tertial.core.decisions_sheet import CASE_HEADER, POINT_HEADER, sheet_plan
    from tertial.importers.decisions_sheet import decisions_sheet_read

    from .selectors import decisions_sheet_records

    rows = decisions_sheet_read(Path(path))
    lines: list[str] = []
    with transaction.atomic():
        cases, points = decisions_sheet_records(lock=True)  # no edit may slip in between plan and write
        plan = sheet_plan(str(path), rows, cases=cases, points=points, reference_key=reference_key)
        if plan.problems:
            raise InputError(plan.problems)
        by_id = {str(c.external_id): c for c in Case.objects.filter(external_id__in=[u[0] for u in plan.case_updates])}
        for case_id, row, changed in plan.case_updates:
            case = by_id[case_id]
            before = case_values(case)
            _assign(case, {f: new for f, (_old, new) in changed.items()})
            lines += [
                SHEET_CHANGE_LINE % {"row": row, "what": case.reference, "column": CASE_HEADER[f], "old": o, "new": n}
                for f, (o, n) in changed.items()
            ]
            if not dry_run:
                case_save(case=case, actor=actor, before=before)
        new_cases: dict[str, Case] = {}
        for key, row, values in plan.case_creates:
            case = Case()
            _assign(case, values)
            lines.append(SHEET_NEW_LINE % {"row": row, "what": f"sak {case.reference}"})
            if not dry_run:
                new_cases[key] = case_save(case=case, actor=actor)
        point_ids = [u[0] for u in plan.point_updates] + [a[0] for a in plan.log_adds]
        by_point = {
            str(p.external_id): p
            for p in DecisionPoint.objects.filter(
                external_id__in=[i for i in point_ids if "-" in i and ":" not in i]
            ).select_related("case")
        }
        for point_id, row, changed in plan.point_updates:
            point = by_point[point_id]
            before = point_values(point)
            _assign(point, {f: new for f, (_old, new) in changed.items()})
            what = f"{point.case.reference} punkt {before['number']}"
            lines += [
                SHEET_CHANGE_LINE % {"row": row, "what": what, "column": POINT_HEADER[f], "old": o, "new": n}
                for f, (o, n) in changed.items()
            ]
            if not dry_run:
                point_save(point=point, actor=actor, before=before)
        case_by_id = {
            str(c.external_id): c
            for c in Case.objects.filter(external_id__in=[k for k, *_ in plan.point_creates if ":" not in k])
        }
        for case_key, new_key, row, values in plan.point_creates:
            lines.append(SHEET_NEW_LINE % {"row": row, "what": f"punkt {values['number']}"})
            if dry_run:
                continue
            point = DecisionPoint(case=new_cases.get(case_key) or case_by_id[case_key])
            _assign(point, values)
            by_point[new_key] = point_save(point=point, actor=actor)
        for point_key, _row, text in plan.log_adds:
            if not dry_run:
                log_entry_add(point=by_point[point_key], text=text, entry_date=timezone.localdate(), actor=actor)
    counts = {
        "rows": plan.rows,
        "case_updates": len(plan.case_updates),
        "point_updates": len(plan.point_updates),
        "case_creates": len(plan.case_creates),
        "point_creates": len(plan.point_creates),
        "logs": len(plan.log_adds),
    }
    out = [str(SHEET_DRY_RUN)] if dry_run else []
    out.append(SHEET_SUMMARY % counts if plan.changes else str(SHEET_NO_CHANGE))
    if plan.kept_newer:
        out.append(SHEET_KEPT_NEWER % {"rows": ", ".join(str(r) for r in sorted(set(plan.kept_newer)))})
    return "\n".join(out + lines)
