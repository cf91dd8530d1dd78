"""Long work run by the background worker (`tertial worker`): what the user sees of it (the Job), the
worker's sign of life (WorkerBeat) and the periodic tasks' slots already enqueued (PeriodicRun).

The queue itself is django-tasks with its database backend (django_tasks_db.DBTaskResult); a Job is
the user's view of one task: its stage, percent, Norwegian message and result link."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Kjører")
        WAITING = "waiting", _("Venter på bekreftelse")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Feilet")
        CANCELLED = "cancelled", _("Avbrutt")

    class Stage(models.TextChoices):
        READ = "read", _("Leser filen")
        CHECK = "check", _("Kontrollerer")
        AGGREGATE = "aggregate", _("Summerer")
        WRITE = "write", _("Skriver")
        COMMIT = "commit", _("Lagrer")

    kind = models.CharField(max_length=40)  # "import" or "report"
    title = models.CharField(max_length=300)  # Norwegian: «Regnskap (hovedbok) 2024: hovedbok.csv»
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)  # Norwegian, for the user
    problems = models.JSONField(default=list, blank=True)  # file, row and column of each error
    details = models.JSONField(default=list, blank=True)  # what changed: lines of text, for the result
    warnings = models.JSONField(default=list, blank=True)  # plausibility warnings awaiting confirmation
    confirmed = models.BooleanField(default=False)  # the user pressed «Importer likevel»
    cancel_requested = models.BooleanField(default=False)
    params = models.JSONField(default=dict, blank=True)  # what the task needs (the stored file, year …)
    result_url = models.CharField(max_length=500, blank=True)
    result_label = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the django-tasks result id
    worker_id = models.CharField(max_length=64, blank=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["state", "heartbeat"], name="jobs_job_state_beat")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display()})"

    @property
    def finished_state(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED, self.State.CANCELLED)


class WorkerBeat(models.Model):
    """One row per running worker process, its `beat` renewed every few seconds."""

    worker_id = models.CharField(max_length=64, unique=True)
    started = models.DateTimeField(default=timezone.now)
    beat = models.DateTimeField(default=timezone.now)
    host = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.beat:%H:%M:%S})"


class PeriodicRun(models.Model):
    """A periodic task's slot that has been enqueued: the unique (task, slot) makes sure a slot runs once,
    whichever of several workers gets there first and however often they restart."""

    task = models.CharField(max_length=200)
    slot = models.DateTimeField()
    enqueued = models.DateTimeField(default=timezone.now)
    worker_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "slot"], name="jobs_periodic_once_per_slot")]

    def __str__(self) -> str:
        return f"{self.task} @ {self.slot:%Y-%m-%d %H:%M}"
