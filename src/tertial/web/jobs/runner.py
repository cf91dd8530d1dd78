"""Running a job inside the worker: its state and progress as the user sees them, written so that they
are visible WHILE the job's own transaction is open.

A long import writes inside one transaction (all or nothing). Progress written on that transaction's
connection would be invisible until the commit, so `_Progress` writes it on a second connection of its
own (autocommit) while the work is inside an atomic block, and on the normal connection otherwise.
On PostgreSQL both are plain concurrent sessions. On SQLite the import holds the database's one write
lock from its first write to its commit, so the second connection's writes would wait for it: they
use a 50 ms busy timeout and are skipped when the lock is held (the page then shows «Skriver» until
the commit; measured in benchmarks/RESULTS.md, «Jobs»). Reading `cancel_requested` is never blocked
(WAL readers do not wait for the writer), so a cancellation is seen at the last stage, before commit.
"""

import copy
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.utils import load_backend
from django.utils import timezone

from tertial.core import progress

from .models import Job

log = logging.getLogger(__name__)

# The worker process sets this (tertial.web.jobs.worker) so a job records who runs it.
CURRENT_WORKER = {"id": ""}

FAILED_MESSAGE = "Jobben feilet uventet. Ingenting fra denne jobben er lagret; dataene er som før. Feilen er logget."
WAITING_MESSAGE = "Filen er lest og kontrollert, men ser uvanlig ut. Ingenting er lagret ennå."


@dataclass
class Outcome:
    """What a finished job tells the user."""

    message: str
    result_url: str = ""
    result_label: str = ""
    problems: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    failed: bool = False


class _Progress:
    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.side: Any = None

    def _side(self) -> Any:
        if self.side is None:
            params = copy.deepcopy(connection.settings_dict)
            if connection.vendor == "sqlite":
                params.setdefault("OPTIONS", {})["timeout"] = 0.05
                params["OPTIONS"].pop("transaction_mode", None)
            self.side = load_backend(params["ENGINE"]).DatabaseWrapper(params, alias="jobs-progress")
        return self.side

    def _inside(self) -> bool:
        return connection.in_atomic_block and bool(getattr(settings, "TERTIAL_JOBS_SIDE_CONNECTION", True))

    def write(self, **values: Any) -> None:
        values["heartbeat"] = timezone.now()
        if not self._inside():
            Job.objects.filter(pk=self.job_id).update(**values)
            return
        side = self._side()
        table = Job._meta.db_table
        cols = ", ".join(f"{side.ops.quote_name(k)} = %s" for k in values)
        params = [side.ops.adapt_datetimefield_value(v) if k == "heartbeat" else v for k, v in values.items()]
        try:
            with side.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET {cols} WHERE id = %s", [*params, self.job_id])
        except DatabaseError:  # SQLite: the import holds the write lock; the next stage will say it
            log.debug("progress of job %s not written (database busy)", self.job_id)

    def cancel_requested(self) -> bool:
        if not self._inside():
            return bool(Job.objects.filter(pk=self.job_id, cancel_requested=True).exists())
        try:
            with self._side().cursor() as cursor:
                cursor.execute(f"SELECT cancel_requested FROM {Job._meta.db_table} WHERE id = %s", [self.job_id])
                row = cursor.fetchone()
        except DatabaseError:
            return False
        return bool(row and row[0])

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def job_run(job_id: int, work: Callable[[Job], Outcome]) -> None:
    """Run `work` for the job with stage reports and cancellation, and record how it ended."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished_state:
        return  # cancelled while queued (or already run)
    if job.cancel_requested:
        Job.objects.filter(pk=job_id).update(state=Job.State.CANCELLED, finished=timezone.now())
        return
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        state=Job.State.RUNNING, started=now, heartbeat=now, worker_id=CURRENT_WORKER["id"], stage="read", percent=0
    )
    tracker = _Progress(job_id)

    def on_stage(stage: str, percent: int) -> None:
        if tracker.cancel_requested():
            raise progress.Cancelled
        tracker.write(stage=stage, percent=percent)

    def on_warnings(warnings: Sequence[str]) -> None:
        if not job.confirmed:
            raise progress.NeedsConfirmation(warnings)

    end: dict[str, Any]
    try:
        with progress.reporting(progress.Listener(on_stage=on_stage, on_warnings=on_warnings)):
            outcome = work(job)
    except progress.Cancelled:
        end = {"state": Job.State.CANCELLED, "message": "Avbrutt før lagring. Ingenting er lagret; dataene er som før."}
    except progress.NeedsConfirmation as exc:
        end = {"state": Job.State.WAITING, "message": WAITING_MESSAGE, "warnings": exc.warnings, "finished": None}
    except Exception:
        log.exception("Job %s failed", job_id)
        end = {"state": Job.State.FAILED, "message": FAILED_MESSAGE}
    else:
        end = {
            "state": Job.State.FAILED if outcome.failed else Job.State.DONE,
            "message": outcome.message,
            "problems": outcome.problems,
            "details": outcome.details,
            "result_url": outcome.result_url,
            "result_label": outcome.result_label,
        }
        if not outcome.failed:
            end["percent"] = 100
    finally:
        tracker.close()
    end.setdefault("finished", timezone.now())
    Job.objects.filter(pk=job_id).update(heartbeat=timezone.now(), **end)
