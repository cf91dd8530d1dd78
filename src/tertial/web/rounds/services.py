"""Writes of the reporting round. Each service is one transaction: load, ask core whether the step is
allowed, save, audit. The unit's forecast and comment are written to budget.Forecast and
budget.UnitComment/Measure, so the status page and the report read them without knowing about rounds.

Optimistic locking: every change to a task raises its version with a conditional UPDATE
(`WHERE version = <the version the user saw>`); zero rows updated means somebody else saved in
between, and the save is refused with core.rounds.STALE_EDIT. This is race-safe on SQLite and
PostgreSQL without holding row locks while a person types.
"""

import dataclasses
from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tertial.core.comments import Measure as CoreMeasure
from tertial.core.errors import DomainError
from tertial.core.reminders import ReminderRule
from tertial.core.rounds import (
    PUBLISH_NEEDS_LOCK,
    STALE_EDIT,
    SUBMIT_NEEDS_FORECAST,
    RoundState,
    StaleEdit,
    TaskAction,
    TaskState,
    explanation_check,
    lock_check,
    task_transition,
)
from tertial.renderers import numbers as nb
from tertial.web.audit.services import Actor, audit_changes, audit_record
from tertial.web.budget import selectors as budget_selectors
from tertial.web.budget.models import Forecast, Measure, SectorComment, UnitComment
from tertial.web.forecasting.selectors import drift_threshold, explanation_formatters
from tertial.web.locks import period_write_guard
from tertial.web.notifications import services as notifications
from tertial.web.org.models import BudgetYear, Sector, Unit

from .models import Round, Snapshot, Task
from .selectors import explanation_reference_get


def _name(actor: Actor) -> str:
    return actor.get_username() if isinstance(actor, AbstractBaseUser) else str(actor or "system")


def _step(task: Task, action: TaskAction, *, version: int | None, actor, **fields) -> tuple[Task, TaskState]:
    """Move `task` by `action` if the version matches; returns the fresh task and its previous state."""
    current = Task.objects.select_related("round__budget_year", "unit__sector").get(pk=task.pk)
    new_state = task_transition(TaskState(current.state), action, round_state=RoundState(current.round.state))
    period_write_guard(year=current.round.budget_year.year, month=current.round.period)  # race-safe re-check
    expected = current.version if version is None else version
    updated = Task.objects.filter(pk=current.pk, version=expected).update(
        version=F("version") + 1, state=new_state, updated_by=_name(actor), updated_at=timezone.now(), **fields
    )
    if not updated:
        # Who changed it: read now, not from `current`. A writer that committed after our first read
        # (on PostgreSQL our UPDATE waited for its row lock) is the one to name, not the one before it.
        who = Task.objects.filter(pk=current.pk).values_list("updated_by", flat=True).first()
        raise StaleEdit(STALE_EDIT.format(who=who or "?"))
    old_state = TaskState(current.state)
    current.refresh_from_db()
    if old_state != new_state:
        audit_record(actor=actor, action=action.value, obj=current, changes={"state": [old_state, new_state]})
    return current, old_state


def round_open(*, year: int, month: int, deadline: date, title: str = "", actor: Actor = None) -> Round:
    """Open the round for a period with one task per unit of the budget year."""
    with transaction.atomic():
        by = BudgetYear.objects.filter(year=year).first()
        if by is None:
            raise DomainError(f"Budsjettåret {year} finnes ikke (importer organisasjonen først).")
        if Round.objects.filter(budget_year=by, period=month).exists():
            raise DomainError(f"Det finnes allerede en rapporteringsrunde for {month:02d}.{year}.")
        rnd = Round.objects.create(budget_year=by, period=month, deadline=deadline, title=title)
        units = list(Unit.objects.filter(budget_year=by))
        Task.objects.bulk_create(Task(round=rnd, unit=u) for u in units)
        audit_record(
            actor=actor,
            action="opened",
            obj=rnd,
            changes={"deadline": [None, str(deadline)], "tasks": [None, len(units)]},
        )
    return rnd


def _measure_dict(m: CoreMeasure | Measure) -> dict[str, str]:
    return {
        "text": m.text,
        "effect": m.effect,
        "start": m.start.isoformat() if m.start else None,
        "status": str(m.status or ""),
    }


def prognosis_save(
    *,
    task: Task,
    version: int,
    forecast: int,
    cause: str,
    consequence: str,
    text: str = "",
    measures: Sequence[CoreMeasure] = (),
    actor: Actor = None,
) -> Task:
    """Save the unit's forecast and comment as a draft (refused on a stale version or a locked round)."""
    with transaction.atomic():
        task, _ = _step(task, TaskAction.SAVE, version=version, actor=actor)
        unit, period = task.unit, task.round.period
        now = timezone.now()

        fc = Forecast.objects.filter(unit=unit, period=period).first()
        before = {"amount": fc.amount if fc else None}
        if fc is None:
            fc = Forecast(unit=unit, period=period)
        fc.amount, fc.entered_by, fc.entered_at = forecast, _name(actor), now
        fc.save()
        if before["amount"] != forecast:
            audit_record(actor=actor, action="updated", obj=fc, changes=audit_changes(before, {"amount": forecast}))

        comment = UnitComment.objects.filter(unit=unit, period=period).first()
        old_measures = [_measure_dict(m) for m in comment.measures.all()] if comment else []
        before = {"cause": comment.cause, "consequence": comment.consequence, "text": comment.text} if comment else {}
        if comment is None:
            comment = UnitComment(unit=unit, period=period)
        comment.cause, comment.consequence, comment.text = cause, consequence, text
        comment.save()
        changes = audit_changes(before, {"cause": cause, "consequence": consequence, "text": text})
        new_measures = [_measure_dict(m) for m in measures]
        if new_measures != old_measures:
            comment.measures.all().delete()
            Measure.objects.bulk_create(
                Measure(
                    comment=comment, text=m.text, effect=m.effect, start=m.start, status=m.status or "", sort_order=n
                )
                for n, m in enumerate(measures)
            )
            changes["measures"] = [_measures_text(old_measures), _measures_text(new_measures)]
        if changes:
            audit_record(actor=actor, action="updated", obj=comment, changes=changes)
    return task


def _measures_text(measures: list[dict[str, str]]) -> str:
    """Measures as one readable line each, for the history (old → new)."""
    lines = []
    for m in measures:
        effect = f"{nb.kroner(m['effect'])} kr" if m["effect"] is not None else "–"
        lines.append(f"{m['text']} ({effect}, {m['start'] or '–'}, {m['status'] or '–'})")
    return "\n".join(lines)


def _explanation_check(task: Task, forecast: Forecast) -> None:
    """core.rounds.explanation_check with this unit's figures: the previous report of the year (none in
    the first round: then the budget is the reference), the revised budget, the cause and the limits
    of the setting; the refusal ends with the rule as /prognoser prints it."""
    ref = explanation_reference_get(unit=task.unit, year=task.round.budget_year.year, month=forecast.period)
    causes = UnitComment.objects.filter(unit_id=task.unit_id, period=forecast.period).values_list("cause", flat=True)
    explanation_check(
        forecast=forecast.amount,
        previous=ref.previous,
        previous_label=ref.previous_label,
        budget=ref.budget,
        cause="".join(causes),
        threshold=drift_threshold(),
        **explanation_formatters(),
    )


def prognosis_submit(*, task: Task, version: int | None = None, actor: Actor = None) -> Task:
    """Submit the saved forecast to finance; refused without a forecast or when the explanation rule
    asks for a cause the comment does not give."""
    with transaction.atomic():
        forecast = Forecast.objects.filter(unit_id=task.unit_id, period=task.round.period).first()
        if forecast is None:
            raise DomainError(SUBMIT_NEEDS_FORECAST)
        _explanation_check(task, forecast)
        task, _ = _step(task, TaskAction.SUBMIT, version=version, actor=actor, submitted_at=timezone.now())
    return task


def prognosis_save_and_submit(
    *,
    task: Task,
    version: int,
    forecast: int,
    cause: str,
    consequence: str,
    text: str = "",
    measures: Sequence[CoreMeasure] = (),
    actor: Actor = None,
) -> Task:
    """«Send inn» on the form: save what is typed and submit it, in one transaction (a refusal of the
    submission leaves nothing saved; the version the user saw guards both steps)."""
    with transaction.atomic():
        saved = prognosis_save(
            task=task,
            version=version,
            forecast=forecast,
            cause=cause,
            consequence=consequence,
            text=text,
            measures=measures,
            actor=actor,
        )
        return prognosis_submit(task=saved, version=saved.version, actor=actor)


def submission_return(*, task: Task, remark: str, version: int | None = None, actor: Actor = None) -> Task:
    with transaction.atomic():
        task, _ = _step(task, TaskAction.RETURN, version=version, actor=actor, remark=remark)
        audit_record(actor=actor, action="remark", obj=task, changes={"remark": [None, remark]})
        notifications.forecast_returned_notify(rnd=task.round, unit=task.unit, remark=remark)
    return task


def submission_approve(*, task: Task, version: int | None = None, actor: Actor = None) -> Task:
    with transaction.atomic():
        task, _ = _step(task, TaskAction.APPROVE, version=version, actor=actor, remark="")
        notifications.forecast_approved_notify(rnd=task.round, unit=task.unit)
    return task


def _snapshot_take(rnd: Round, actor) -> Snapshot:
    year, month = rnd.budget_year.year, rnd.period
    table = budget_selectors.status_table_get(year=year, month=month)
    comments = budget_selectors.comments_get(year=year, month=month)
    central = budget_selectors.central_items_list(year=year, month=month)
    return Snapshot.objects.create(
        round=rnd,
        taken_by=_name(actor),
        total_name=table.total.name,
        rows=[
            {
                "kind": str(r.kind),
                "code": r.code,
                "name": r.name,
                "sector_code": r.sector_code,
                "actual": r.actual,
                "budget": r.budget,
                "forecast": r.forecast,
                "forecast_reported": r.forecast_reported,
            }
            for r in table.rows
        ],
        central_items=[dataclasses.asdict(c) for c in central],
        unit_comments=[
            {
                "ansvar": c.ansvar,
                "cause": c.cause,
                "consequence": c.consequence,
                "text": c.text,
                "measures": [_measure_dict(m) for m in c.measures],
            }
            for c in comments.units.values()
        ],
        sector_comments=[{"sector": s.sector, "text": s.text} for s in comments.sectors.values()],
    )


def round_lock(*, rnd: Round, actor: Actor = None) -> Round:
    """Lock the round and freeze its figures and texts in a snapshot."""
    with transaction.atomic():
        rnd = Round.objects.select_for_update().select_related("budget_year").get(pk=rnd.pk)
        if rnd.is_locked:
            raise DomainError("Runden er allerede låst.")
        lock_check([TaskState(s) for s in rnd.tasks.values_list("state", flat=True)])
        rnd.state, rnd.locked_at = RoundState.LOCKED, timezone.now()
        rnd.save(update_fields=["state", "locked_at"])
        snap = _snapshot_take(rnd, actor)
        audit_record(
            actor=actor,
            action="locked",
            obj=rnd,
            changes={
                "state": [RoundState.OPEN, RoundState.LOCKED],
                "total_forecast": [None, snap.rows[-1]["forecast"]],
            },
        )
        notifications.round_locked_notify(rnd=rnd)
    return rnd


def round_publish(*, rnd: Round, actor: Actor = None) -> Round:
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=rnd.pk)
        if not rnd.is_locked:
            raise DomainError(PUBLISH_NEEDS_LOCK)
        if not rnd.published:
            rnd.published, rnd.published_at = True, timezone.now()
            rnd.save(update_fields=["published", "published_at"])
            audit_record(actor=actor, action="published", obj=rnd, changes={"published": [False, True]})
            notifications.round_published_notify(rnd=rnd)
    return rnd


def sector_comment_save(*, sector: Sector, rnd: Round, text: str, actor: Actor = None) -> SectorComment:
    with transaction.atomic():
        period_write_guard(year=rnd.budget_year.year, month=rnd.period)
        row = SectorComment.objects.filter(sector=sector, period=rnd.period).first()
        before = {"text": row.text} if row else {}
        if row is None:
            row = SectorComment(sector=sector, period=rnd.period)
        row.text = text
        row.save()
        changes = audit_changes(before, {"text": text})
        if changes:
            audit_record(actor=actor, action="updated", obj=row, changes=changes)
    return row


def reminder_send(*, rnd: Round, actor: Actor = None) -> int:
    """Finance's «Send påminnelse»: e-mail the leaders of every unit that has not submitted, through the
    same mail code and log as the scheduled reminders (notifications.services.round_reminders_send).
    Returns the number of e-mails sent."""
    with transaction.atomic():
        now = timezone.now()
        sent = notifications.round_reminders_send(rnd=rnd, rule=ReminderRule.MANUAL, now=now, actor=actor)
        rnd.tasks.filter(state__in=notifications.NOT_SUBMITTED).update(reminded_at=now)
    return sent


def round_deadline_set(*, rnd: Round, deadline: date, actor: Actor = None) -> Round:
    """Move the round's deadline (finance). The scheduled reminders follow the new date: each rule is
    sent once per deadline, so a later deadline is reminded of again."""
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=rnd.pk)
        if rnd.is_locked:
            raise DomainError("Runden er låst; fristen kan ikke endres.")
        if rnd.deadline != deadline:
            before = rnd.deadline
            rnd.deadline = deadline
            rnd.save(update_fields=["deadline"])
            audit_record(actor=actor, action="updated", obj=rnd, changes={"deadline": [str(before), str(deadline)]})
    return rnd
