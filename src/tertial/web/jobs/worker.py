"""`tertial worker`: django-tasks-db's database worker (`db_worker`) plus, in a thread beside it, the
worker's sign of life, the stale-job sweep and the periodic scheduler (django-tasks has none).

Every `TERTIAL_WORKER_BEAT_SECONDS` the thread
- renews this worker's WorkerBeat row and the heartbeat of the job it runs (the web pages use it to
  say «no worker is running» instead of waiting forever),
- marks failed every running job whose worker has been silent for TERTIAL_WORKER_STALE_SECONDS (a
  worker killed mid-import: its transaction never committed),
- enqueues the periodic tasks (settings.TERTIAL_PERIODIC_TASKS) whose slot is due, once per slot
  (services.periodic_enqueue_due).
"""

import contextlib
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from . import runner, services

log = logging.getLogger(__name__)


def housekeeping(*, worker_id: str) -> None:
    """One beat: sign of life, stale jobs, periodic tasks. Each part on its own (a busy SQLite skips)."""
    now = timezone.now()
    for part in (
        lambda: services.worker_beat(worker_id=worker_id, now=now),
        lambda: services.jobs_fail_stale(now=now),
        lambda: services.periodic_enqueue_due(now=now, worker_id=worker_id),
    ):
        try:
            part()
        except DatabaseError:
            log.warning("worker housekeeping skipped a step (database busy)", exc_info=True)


class _Beat(threading.Thread):
    def __init__(self, worker_id: str, seconds: float) -> None:
        super().__init__(name="tertial-worker-beat", daemon=True)
        self.worker_id, self.seconds = worker_id, seconds
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            close_old_connections()
            housekeeping(worker_id=self.worker_id)
            self.stop.wait(self.seconds)
        connection.close()


def run_worker(*, interval: float = 1.0, batch: bool = False, worker_id: str = "") -> None:
    """Run until SIGTERM/SIGINT (the current task is finished first; a second signal aborts it)."""
    worker_id = worker_id or get_random_string(32)
    runner.CURRENT_WORKER["id"] = worker_id
    services.worker_beat(worker_id=worker_id)
    beat = _Beat(worker_id, float(settings.TERTIAL_WORKER_BEAT_SECONDS))
    beat.start()
    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    worker.configure_signals()
    log.info("Tertial worker %s started (beat every %ss)", worker_id, beat.seconds)
    try:
        worker.run()
    finally:
        beat.stop.set()
        beat.join(timeout=5)
        with contextlib.suppress(DatabaseError):
            services.worker_gone(worker_id=worker_id)
