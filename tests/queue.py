"""Run what the job queue holds, in the test's own process and database transaction, as
`tertial worker` would (django-tasks-db's worker code runs each task and records its result)."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "test-process"


def run_queued_tasks() -> int:
    """Run every task that is ready now (not the ones queued to run later); returns how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(WORKER_ID)
        worker.run_task(result)
        ran += 1
    return ran
