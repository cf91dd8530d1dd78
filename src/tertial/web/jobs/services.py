"""Writes of the jobs app: create and enqueue a job, cancel it, confirm it, run it again; the worker's
sign of life, the stale-job sweep and the periodic scheduler's enqueue (tertial.web.jobs.worker)."""

import inspect
import logging
import os
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from .models import Job, PeriodicRun, WorkerBeat
from .selectors import stale_seconds

log = logging.getLogger(__name__)

STALE_MESSAGE = (
    "Bakgrunnsarbeideren stoppet midt i jobben (ingen livstegn siden {since}). Ingenting fra denne jobben "
    "er lagret; dataene er som før. Trykk «Kjør på nytt» for å prøve igjen."
)
CANCELLED_MESSAGE = "Avbrutt før lagring. Ingenting er lagret; dataene er som før."


def _enqueue(job: Job, task: Task[Any, Any]) -> None:
    result = task.enqueue(job_id=job.pk)
    job.task_id = str(result.id)
    job.save(update_fields=["task_id"])


def job_create(
    *, kind: str, title: str, params: dict[str, Any], task: Task[Any, Any], created_by_id: int | None
) -> Job:
    """A new job, enqueued on the worker's queue in the same transaction (both rows or neither)."""
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title, params=params, created_by_id=created_by_id)
        _enqueue(job, task)
    return job


def _task_of(job: Job) -> Task[Any, Any]:
    task: Task[Any, Any] = DBTaskResult.objects.get(id=job.task_id).task
    return task


def job_cancel(*, job: Job) -> Job:
    """Ask the job to stop. A queued or waiting job is cancelled at once; a running one stops at its next
    stage boundary, at the latest just before its commit (then nothing is written)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.finished_state:
            return job
        job.cancel_requested = True
        fields = ["cancel_requested"]
        if job.state in (Job.State.QUEUED, Job.State.WAITING):
            job.state, job.message, job.finished = Job.State.CANCELLED, CANCELLED_MESSAGE, timezone.now()
            fields += ["state", "message", "finished"]
        job.save(update_fields=fields)
    return job


def job_confirm(*, job: Job) -> Job:
    """«Importer likevel»: the job stopped over plausibility warnings runs again, told to go on."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.state != Job.State.WAITING:
            return job
        job.confirmed, job.state, job.stage, job.percent, job.message = True, Job.State.QUEUED, "", 0, ""
        job.save(update_fields=["confirmed", "state", "stage", "percent", "message"])
        _enqueue(job, _task_of(job))
    return job


def job_rerun(*, job: Job) -> Job:
    """Run a failed or cancelled job again, as a new job with the same parameters."""
    with transaction.atomic():
        again = Job.objects.create(
            kind=job.kind, title=job.title, params=job.params, created_by_id=job.created_by_id, confirmed=job.confirmed
        )
        _enqueue(again, _task_of(job))
    return again


def worker_beat(*, worker_id: str, now: datetime | None = None) -> None:
    now = now or timezone.now()
    updated = WorkerBeat.objects.filter(worker_id=worker_id).update(beat=now)
    if not updated:
        WorkerBeat.objects.create(
            worker_id=worker_id, beat=now, started=now, host=socket.gethostname()[:200], pid=os.getpid()
        )
    Job.objects.filter(worker_id=worker_id, state=Job.State.RUNNING).update(heartbeat=now)


def worker_gone(*, worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def jobs_fail_stale(*, now: datetime | None = None) -> list[int]:
    """Mark failed every running job whose worker has shown no sign of life for stale_seconds(): its
    process was killed (or the machine stopped) mid-job. Its transaction never committed, so the
    data are as before; the user is told so and may run it again. Returns the ids."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=stale_seconds())
    failed = []
    stale = Job.objects.filter(state=Job.State.RUNNING, heartbeat__lt=cutoff)
    for job in stale:
        since = timezone.localtime(job.heartbeat).strftime("%d.%m.%Y kl. %H:%M:%S") if job.heartbeat else "?"
        done = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, heartbeat__lt=cutoff).update(
            state=Job.State.FAILED, message=STALE_MESSAGE.format(since=since), finished=now
        )
        if done:
            failed.append(job.pk)
            if job.task_id:
                DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(status="FAILED", finished_at=now)
            log.warning("Job %s marked failed: its worker %s stopped", job.pk, job.worker_id)
    return failed


def periodic_tasks() -> list[tuple[str, int]]:
    """settings.TERTIAL_PERIODIC_TASKS: (dotted path of a django-tasks task, interval in seconds)."""
    return [(str(path), int(seconds)) for path, seconds in settings.TERTIAL_PERIODIC_TASKS]


def slot_of(now: datetime, seconds: int) -> datetime:
    """The start of the interval `now` falls in, counted from the Unix epoch (UTC): the same slot for
    every worker, whenever it started."""
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)


def periodic_enqueue_due(*, now: datetime, worker_id: str = "") -> list[str]:
    """Enqueue each periodic task whose current slot has not run yet. The slot's row and the task are
    written in one transaction and the row is unique per (task, slot): a second worker, or this one
    after a restart, finds the row and skips the slot. A slot missed while no worker ran is not
    caught up (the next slot runs); the tasks themselves decide what is due from `now`."""
    enqueued = []
    for path, seconds in periodic_tasks():
        slot = slot_of(now, seconds)
        if PeriodicRun.objects.filter(task=path, slot=slot).exists():
            continue
        task: Task[Any, Any] = import_string(path)
        kwargs = {"now": now.isoformat()} if "now" in inspect.signature(task.func).parameters else {}
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(task=path, slot=slot, enqueued=now, worker_id=worker_id)
                task.enqueue(**kwargs)
        except IntegrityError:
            continue  # another worker took the slot
        enqueued.append(path)
        log.info("Periodic task %s enqueued for slot %s", path, slot.isoformat())
    return enqueued
