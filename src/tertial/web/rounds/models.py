"""A reporting round for one period, one task per unit, and the snapshot a locked round keeps.

The unit's forecast and comment themselves live in budget.Forecast / budget.UnitComment / Measure
(so the status table and the report read them as before); a task holds the workflow state and the
version number used for optimistic locking.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tertial.core.periods import Period
from tertial.core.rounds import RoundState, TaskState
from tertial.web.budget.models import MONTHS
from tertial.web.org.models import BudgetYear, Unit

TASK_STATE_LABELS = {
    TaskState.NOT_STARTED: _("ikke påbegynt"),
    TaskState.DRAFT: _("utkast"),
    TaskState.SUBMITTED: _("sendt inn"),
    TaskState.RETURNED: _("returnert"),
    TaskState.APPROVED: _("godkjent"),
}
ROUND_STATE_LABELS = {RoundState.OPEN: _("åpen"), RoundState.LOCKED: _("låst")}


class Round(models.Model):
    budget_year = models.ForeignKey(BudgetYear, on_delete=models.PROTECT, related_name="rounds")
    period = models.PositiveSmallIntegerField(_("måned"), choices=MONTHS)
    title = models.CharField(_("tittel"), max_length=100, help_text=_("f.eks. «1. tertial 2024»"), blank=True)
    deadline = models.DateField(_("frist"))
    state = models.CharField(
        _("status"), max_length=10, choices=list(ROUND_STATE_LABELS.items()), default=RoundState.OPEN
    )
    published = models.BooleanField(_("publisert"), default=False)
    opened_at = models.DateTimeField(_("åpnet"), auto_now_add=True)
    locked_at = models.DateTimeField(_("låst"), null=True, blank=True)
    published_at = models.DateTimeField(_("publisert tidspunkt"), null=True, blank=True)

    class Meta:
        ordering = ["-budget_year__year", "-period"]
        constraints = [models.UniqueConstraint(fields=["budget_year", "period"], name="round_unique_period")]
        verbose_name = _("rapporteringsrunde")
        verbose_name_plural = _("rapporteringsrunder")

    def __str__(self) -> str:
        return self.title or str(self.period_obj)

    @property
    def year(self) -> int:
        return self.budget_year.year

    @property
    def period_obj(self) -> Period:
        return Period(self.budget_year.year, self.period)

    @property
    def is_locked(self) -> bool:
        return self.state == RoundState.LOCKED


class Task(models.Model):
    """One unit's part of a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tasks")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="round_tasks")
    state = models.CharField(
        _("status"), max_length=12, choices=list(TASK_STATE_LABELS.items()), default=TaskState.NOT_STARTED
    )
    version = models.PositiveIntegerField(_("versjon"), default=0)
    remark = models.TextField(_("merknad fra økonomi"), blank=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    updated_by = models.CharField(_("sist endret av"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("purret"), null=True, blank=True)

    class Meta:
        ordering = ["round", "unit__sector__sort_order", "unit__sort_order", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="task_unique_unit")]
        verbose_name = _("oppgave")
        verbose_name_plural = _("oppgaver")

    def __str__(self) -> str:
        return f"{self.round} – {self.unit}"

    @property
    def state_label(self) -> str:
        return str(TASK_STATE_LABELS[TaskState(self.state)])


class Snapshot(models.Model):
    """What a locked round shows forever: the status table rows, central items and the texts, as
    plain JSON (øre as integers), taken in the same transaction that locks the round."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="snapshot")
    taken_at = models.DateTimeField(_("tatt"), auto_now_add=True)
    taken_by = models.CharField(_("tatt av"), max_length=150, blank=True)
    total_name = models.CharField(max_length=200)
    rows = models.JSONField()
    central_items = models.JSONField(default=list)
    unit_comments = models.JSONField(default=list)
    sector_comments = models.JSONField(default=list)

    class Meta:
        verbose_name = _("øyeblikksbilde")
        verbose_name_plural = _("øyeblikksbilder")

    def __str__(self) -> str:
        return f"{self.round} ({self.taken_at:%d.%m.%Y %H:%M})"
