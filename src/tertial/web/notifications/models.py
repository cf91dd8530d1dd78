"""Notifications in the app, each user's choices, the reminders sent and the followers of decisions.

The rows that point at a round, a unit or a decision do so by model label ("rounds.Round",
"decisions.Case"), as a ForeignKey does, so that the rounds and decisions services above this app
may call it without this app importing them (tests/test_architecture.py, LAYERS).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tertial.core.reminders import ReminderRule

from .kinds import Kind

REMINDER_RULE_LABELS = {
    ReminderRule.BEFORE: _("før fristen"),
    ReminderRule.ON_DEADLINE: _("på fristdagen"),
    ReminderRule.AFTER: _("etter fristen (kommunalsjef)"),
    ReminderRule.MANUAL: _("sendt av økonomi"),
}


class Notification(models.Model):
    """One notification shown in the app (the bell) for one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("bruker")
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("tittel"), max_length=300)
    text = models.TextField(_("tekst"), blank=True)
    path = models.CharField(_("lenke"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("opprettet"), db_index=True)
    read_at = models.DateTimeField(_("lest"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """A user's choices: the kinds turned off by e-mail and in the app, and the language of e-mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("bruker"),
    )
    email_off = models.JSONField(_("av på e-post"), default=list, blank=True)
    app_off = models.JSONField(_("av i Tertial"), default=list, blank=True)
    language = models.CharField(_("språk i e-post"), max_length=10, choices=settings.LANGUAGES, default="nb")

    class Meta:
        verbose_name = _("varselinnstilling")
        verbose_name_plural = _("varselinnstillinger")

    def __str__(self) -> str:
        return str(self.user)


class ReminderLog(models.Model):
    """One reminder about one unit of a round: who got it, when. A scheduled rule is sent once per
    (round, unit, rule, deadline): the unique constraint makes a second run, a second worker or a
    restarted one skip it. Finance's button (rule «manual») may be pressed any number of times."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="reminder_logs")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(
        _("regel"), max_length=10, choices=[(r.value, label) for r, label in REMINDER_RULE_LABELS.items()]
    )
    deadline = models.DateField(_("frist"))
    sent_at = models.DateTimeField(_("sendt"))
    recipients = models.TextField(_("mottakere"), blank=True, help_text=_("e-postadresser, én per linje"))
    sent_by = models.CharField(_("sendt av"), max_length=150, blank=True)

    class Meta:
        ordering = ["-sent_at", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "rule", "deadline"],
                condition=~Q(rule=ReminderRule.MANUAL.value),
                name="reminderlog_once_per_rule",
            )
        ]
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")

    def __str__(self) -> str:
        return f"{self.round} {self.unit_id} {self.rule} {self.sent_at:%d.%m.%Y %H:%M}"

    @property
    def rule_label(self) -> str:
        return str(REMINDER_RULE_LABELS[ReminderRule(self.rule)])

    @property
    def recipient_list(self) -> list[str]:
        return [r for r in self.recipients.splitlines() if r]


class OverdueNotice(models.Model):
    """A decision point was reported overdue for this expected end: once (a new expected end that
    passes too is reported again)."""

    point = models.ForeignKey("decisions.DecisionPoint", on_delete=models.CASCADE, related_name="+")
    expected_end = models.DateField()
    notified_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["point", "expected_end"], name="overduenotice_once")]
        verbose_name = _("varsel om forfalt vedtakspunkt")
        verbose_name_plural = _("varsler om forfalte vedtakspunkter")

    def __str__(self) -> str:
        return f"{self.point_id} {self.expected_end}"


class Follow(models.Model):
    """Somebody (an e-mail address, signed in or not) following a political case. Mails go out only
    once the address is confirmed by the signed link sent to it."""

    case = models.ForeignKey("decisions.Case", on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(_("e-post"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("språk"), max_length=10, choices=settings.LANGUAGES, default="nb")
    created_at = models.DateTimeField(_("opprettet"))
    confirmation_sent_at = models.DateTimeField(_("bekreftelse sendt"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("bekreftet"), null=True, blank=True)

    class Meta:
        ordering = ["case", "email"]
        constraints = [models.UniqueConstraint(fields=["case", "email"], name="follow_once_per_address")]
        verbose_name = _("følger av sak")
        verbose_name_plural = _("følgere av saker")

    def __str__(self) -> str:
        return f"{self.email} → {self.case_id}"


class FollowRequest(models.Model):
    """A confirmation mail the public «Følg» form sent, counted for its limit per client
    (settings.TERTIAL_FOLLOW_REQUESTS_PER_HOUR). The client's address is kept only as a keyed hash
    (services.follow_client_key) and only for an hour (services.follow_requests_prune, also hourly by
    the worker's scheduler); it is shown nowhere."""

    client = models.CharField(max_length=64, db_index=True)
    sent_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("forespørsel om å følge")
        verbose_name_plural = _("forespørsler om å følge")

    def __str__(self) -> str:
        return f"{self.client[:8]} {self.sent_at:%Y-%m-%d %H:%M}"
