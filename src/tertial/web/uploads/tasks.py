"""The import job: an uploaded file imported by the background worker, with stage progress.

The general ledger's import reports its own stages and calls `progress.report("commit")` inside its
transaction (tertial.web.budget.services.actuals_import). The other kinds are small and write in one
short transaction each: they are run inside an outer transaction here, so the «commit» stage (where a
cancellation is honoured) still comes before anything is committed."""

import logging
from pathlib import Path
from typing import Any

from django.db import transaction
from django_tasks import task

from tertial.core import progress
from tertial.core.errors import DomainError, InputError
from tertial.web.imports import ImportRequest, import_file
from tertial.web.jobs.models import Job
from tertial.web.jobs.runner import Outcome, job_run
from tertial.web.org.selectors import OrganisationMissing

from .files import StoredUpload
from .messages import imported_message, not_imported_message, organisation_missing_message
from .results import ledger_changes, ledger_snapshot, result_link
from .services import named_for_client

log = logging.getLogger(__name__)

# Kinds whose import reports its own stages and its commit point inside its transaction.
SELF_REPORTING = frozenset({"actuals"})


@task()
def import_job(*, job_id: int) -> None:
    job_run(job_id, _import)


def _import(job: Job) -> Outcome:
    p: dict[str, Any] = job.params
    kind, year, period = p["kind"], p.get("year"), p.get("period")
    stored = StoredUpload(path=Path(p["path"]), client_name=p["client_name"], size=int(p.get("size", 0)))
    request = ImportRequest(path=stored.path, year=year, period=period, actor=job.created_by or "worker")
    before = ledger_snapshot(year) if kind == "actuals" and year else None
    try:
        if kind in SELF_REPORTING:
            receipt = import_file(kind, request)
        else:
            progress.report("read")
            with transaction.atomic():
                receipt = import_file(kind, request)
                progress.report("commit")
    except InputError as exc:
        stored.path.unlink(missing_ok=True)
        problems = [str(x) for x in named_for_client(exc, stored).problems]
        return Outcome(message=not_imported_message(), problems=problems, failed=True)
    except OrganisationMissing as exc:
        return Outcome(message=organisation_missing_message(exc.year), failed=True)
    except DomainError as exc:
        return Outcome(message=str(exc), failed=True)
    url, label = result_link(kind, year, period)
    details = ledger_changes(year, before) if before is not None and year else []
    log.info("Upload imported by job %s: kind=%s stored=%s", job.pk, kind, stored.path.name)
    return Outcome(
        message=imported_message(stored.client_name, receipt), result_url=url, result_label=label, details=details
    )
