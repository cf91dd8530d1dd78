"""Writes to the decisions register; every change is audited."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tertial.core.completion import completion_parse
from tertial.core.decisions import parties_split, reference_normalise, reference_parse
from tertial.core.errors import InputError, InputProblem
from tertial.importers.decisions_text import ImportedCase, ImportedPoint, decisions_text_read
from tertial.web.audit.services import audit_changes, audit_record
from tertial.web.notifications.services import decision_changed_notify

from .models import OPEN_STATUSES, Case, DecisionPoint, LogEntry, Status, StatusChange

STATUS_CHANGED = _("Status endret fra «%(old)s» til «%(new)s».")
LOG_ADDED = _("Ny oppfølging er registrert.")
IMPORT_UNREADABLE = _("Kan ikke lese fila: %(error)s")
IMPORT_EMPTY = _("Fila er tom.")
IMPORT_NO_CASES = _("Fant ingen saker (overskrifter som «FO 12/21 …»).")
IMPORT_SUMMARY = _(
    "Politiske vedtak: %(created)s saker lest inn (%(skipped)s fantes fra før), "
    "%(points)s vedtakspunkter, %(closed)s avsluttet."
)
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


def _point_create(case: Case, p: ImportedPoint) -> DecisionPoint:
    proposer = p.proposer
    point = DecisionPoint(
        case=case,
        number=p.number,
        title=p.title,
        text=p.text,
        proposer=proposer.name if proposer else "",
        party=proposer.party if proposer else "",
        on_behalf_of=", ".join(proposer.on_behalf_of) if proposer else "",
        responsible=p.responsible,
        expected_completion=p.expected_completion,
        status=p.status.value,
        closed_on=p.closed_on,
        closed_text=p.closed_text,
        closing_remark=p.closing_remark,
    )
    point_derive(point).save()
    StatusChange.objects.create(point=point, old_status="", new_status=point.status)
    LogEntry.objects.bulk_create([LogEntry(point=point, text=e.text) for e in p.log])
    return point


def _case_create(c: ImportedCase, actor: Any) -> Case:
    proposer = c.proposer
    case = Case(
        reference=c.reference_text,
        year=c.year or c.reference.year,
        kind=c.kind,
        title=c.title,
        proposer=proposer.name if proposer else "",
        party=proposer.party if proposer else "",
        on_behalf_of=", ".join(proposer.on_behalf_of) if proposer else "",
        preamble=c.preamble,
    )
    case_derive(case).save()
    for p in c.points:
        _point_create(case, p)
    audit_record(actor=actor, action="decisions.case_import", obj=case, changes={"reference": [None, case.reference]})
    return case


def decisions_import_text_file(*, path: Path, actor: Any = None) -> str:
    """Import a decisions page saved as text. One transaction; a case whose reference is already in
    the register is left as it is (so a second import adds nothing). Returns a Norwegian summary."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([InputProblem(name, IMPORT_UNREADABLE % {"error": exc})]) from exc
    if not text.strip():
        raise InputError([InputProblem(name, str(IMPORT_EMPTY))])
    result = decisions_text_read(text)
    if not result.cases:
        raise InputError([InputProblem(name, str(IMPORT_NO_CASES))])
    created = skipped = points = closed = 0
    with transaction.atomic():
        existing = set(Case.objects.values_list("reference_key", flat=True))
        for c in result.cases:
            if c.reference.key in existing:
                skipped += 1
                continue
            _case_create(c, actor)
            existing.add(c.reference.key)
            created += 1
            points += len(c.points)
            closed += sum(1 for p in c.points if p.status.value in ("gjennomført", "avsluttet"))
    counts = {"created": created, "skipped": skipped, "points": points, "closed": closed}
    lines = [
        IMPORT_SUMMARY % counts,
        IMPORT_PROBLEMS % {"unplaced": len(result.unplaced), "warnings": len(result.warnings)},
    ]
    lines += [IMPORT_UNPLACED_LINE % {"line": n, "text": t[:100]} for n, t in result.unplaced]
    lines += [IMPORT_WARNING_LINE % {"line": n, "text": t} for n, t in result.warnings]
    return "\n".join(lines)


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
