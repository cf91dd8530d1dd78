"""Political decisions under follow-up: a case (sak), its decision points and their follow-up log."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tertial.core.completion import Completion, completion_parse
from tertial.core.decisions import PointStatus, point_is_overdue


class Kind(models.TextChoices):
    INTERPELLATION = "interpellasjon", _("Interpellasjon")
    QUESTION = "spørsmål", _("Spørsmål")
    VERBAL = "verbalforslag", _("Verbalforslag")
    BUDGET = "budsjettforslag", _("Budsjettforslag")
    OTHER = "annet", _("Annet")


class Status(models.TextChoices):
    NOT_STARTED = PointStatus.NOT_STARTED.value, _("Ikke startet")
    IN_PROGRESS = PointStatus.IN_PROGRESS.value, _("Under arbeid")
    COMPLETED = PointStatus.COMPLETED.value, _("Gjennomført")
    CLOSED = PointStatus.CLOSED.value, _("Avsluttet uten gjennomføring")
    CONTINUOUS = PointStatus.CONTINUOUS.value, _("Kontinuerlig")


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)


def proposer_display(name: str, party: str, on_behalf_of: str) -> str:
    """ "Merete Bøhn-Flatås (SP) på vegne av SP, KRF, FRP og H" (derived fields such as the
    reference key and the completion range are set by the services, not by save())."""
    text = f"{name} ({party})" if party else name
    if on_behalf_of:
        text = _("%(proposer)s på vegne av %(parties)s") % {"proposer": text, "parties": on_behalf_of}
    return str(text)


class Case(models.Model):
    # The id a spreadsheet row and the OParl API name the case by: stable across reference edits.
    external_id = models.UUIDField(_("ekstern id"), default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("saksnummer"), max_length=40)
    reference_key = models.CharField(max_length=40, unique=True, editable=False)
    body = models.CharField(_("organ"), max_length=80, default="kommunestyret")
    meeting_date = models.DateField(_("møtedato"), null=True, blank=True)
    year = models.PositiveIntegerField(_("år"), null=True, blank=True, db_index=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("tittel"), max_length=500)
    proposer = models.CharField(_("forslagsstiller"), max_length=200, blank=True)
    party = models.CharField(_("parti"), max_length=40, blank=True)
    on_behalf_of = models.CharField(_("på vegne av"), max_length=200, blank=True)
    preamble = models.TextField(_("innledning"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("sak")
        verbose_name_plural = _("saker")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def proposer_display(self) -> str:
        return proposer_display(self.proposer, self.party, self.on_behalf_of)


class DecisionPoint(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="points")
    external_id = models.UUIDField(_("ekstern id"), default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveIntegerField(_("nummer"), default=1)
    title = models.CharField(_("overskrift"), max_length=200, blank=True)
    text = models.TextField(_("vedtakstekst"))
    proposer = models.CharField(_("forslagsstiller"), max_length=200, blank=True)
    party = models.CharField(_("parti"), max_length=40, blank=True)
    on_behalf_of = models.CharField(_("på vegne av"), max_length=200, blank=True)
    responsible = models.CharField(_("ansvarlig"), max_length=200, blank=True)
    expected_completion = models.CharField(_("forventa avsluttet"), max_length=100, blank=True)
    expected_start = models.DateField(null=True, blank=True, editable=False)
    expected_end = models.DateField(null=True, blank=True, editable=False, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    closed_on = models.DateField(_("avsluttet dato"), null=True, blank=True)
    closed_text = models.CharField(_("avsluttet (som skrevet)"), max_length=100, blank=True)
    closing_remark = models.TextField(_("merknad ved avslutning"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "number", "pk"]
        verbose_name = _("vedtakspunkt")
        verbose_name_plural = _("vedtakspunkter")

    def __str__(self) -> str:
        return f"{self.case.reference} punkt {self.number}"

    @property
    def completion(self) -> Completion:
        return completion_parse(self.expected_completion)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return point_is_overdue(self.status, self.completion, today=today)

    @property
    def proposer_display(self) -> str:
        return proposer_display(self.proposer, self.party, self.on_behalf_of)


class LogEntry(models.Model):
    point = models.ForeignKey(DecisionPoint, on_delete=models.CASCADE, related_name="log_entries")
    entry_date = models.DateField(_("dato"), null=True, blank=True)
    text = models.TextField(_("oppfølging"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["point", "entry_date", "pk"]
        verbose_name = _("oppfølgingslogg")
        verbose_name_plural = _("oppfølgingslogg")

    def __str__(self) -> str:
        return self.text[:80]


class StatusChange(models.Model):
    """One change of a point's status, for the Atom feed."""

    point = models.ForeignKey(DecisionPoint, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    new_status = models.CharField(max_length=20, choices=Status.choices)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.point}: {self.old_status} → {self.new_status}"
