"""Reads of the jobs app: a job, the user's recent jobs, whether a worker is alive."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Job, WorkerBeat


def stale_seconds() -> int:
    """A worker (and its running job) with no sign of life for this long is taken to be gone."""
    return int(settings.TERTIAL_WORKER_STALE_SECONDS)


def worker_alive(*, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return WorkerBeat.objects.filter(beat__gte=now - timedelta(seconds=stale_seconds())).exists()


def job_list_for(*, user_id: int, kind: str | None = None, limit: int = 5) -> list[Job]:
    jobs = Job.objects.filter(created_by_id=user_id)
    if kind:
        jobs = jobs.filter(kind=kind)
    return list(jobs[:limit])
