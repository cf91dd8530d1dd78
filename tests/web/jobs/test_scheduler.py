"""The worker's periodic scheduler (tertial.web.jobs.services.periodic_enqueue_due) with a frozen clock:
a slot is enqueued once, never twice, also after a restart or by a second worker; and the stale-job
sweep marks a killed worker's job failed."""

from datetime import UTC, datetime, timedelta

from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tertial.web.jobs.models import Job, PeriodicRun
from tertial.web.jobs.services import STALE_MESSAGE, jobs_fail_stale, periodic_enqueue_due, worker_beat
from tertial.web.jobs.worker import housekeeping

PATH = "tests.web.jobs.test_scheduler.tick"
T0 = datetime(2024, 4, 10, 6, 0, 12, tzinfo=UTC)


@task()
def tick(*, now: str) -> str:
    return now


def test_a_slot_fires_once_never_twice_after_a_restart_or_by_a_second_worker(db, settings):
    settings.TERTIAL_PERIODIC_TASKS = [(PATH, 3600)]
    assert periodic_enqueue_due(now=T0, worker_id="a") == [PATH]
    assert periodic_enqueue_due(now=T0 + timedelta(seconds=5), worker_id="b") == []  # a second worker
    housekeeping(worker_id="restarted")  # a restarted worker's first beat, clock at the real now: a new slot
    assert periodic_enqueue_due(now=T0 + timedelta(minutes=59), worker_id="a") == []
    assert periodic_enqueue_due(now=T0 + timedelta(hours=1), worker_id="a") == [PATH]  # the next slot
    slots = sorted(
        PeriodicRun.objects.filter(task=PATH, slot__lt=T0 + timedelta(days=1)).values_list("slot", flat=True)
    )
    assert slots == [datetime(2024, 4, 10, 6, tzinfo=UTC), datetime(2024, 4, 10, 7, tzinfo=UTC)]
    kwargs = [
        r.args_kwargs["kwargs"]["now"] for r in DBTaskResult.objects.filter(task_path=PATH).order_by("enqueued_at")
    ]
    assert kwargs[:2] == [T0.isoformat(), (T0 + timedelta(hours=1)).isoformat()] or len(kwargs) == 3


def test_a_running_job_whose_worker_went_silent_is_marked_failed(db, settings):
    settings.TERTIAL_WORKER_STALE_SECONDS = 30
    worker_beat(worker_id="w1", now=T0)
    job = Job.objects.create(kind="import", title="Regnskap", state=Job.State.RUNNING, worker_id="w1", heartbeat=T0)
    assert jobs_fail_stale(now=T0 + timedelta(seconds=29)) == []
    assert jobs_fail_stale(now=T0 + timedelta(seconds=31)) == [job.pk]
    job.refresh_from_db()
    assert job.state == "failed" and job.message.startswith(STALE_MESSAGE.split("{")[0])
    assert "Ingenting fra denne jobben er lagret" in job.message
