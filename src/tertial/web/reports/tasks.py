"""The report as a background job («Lag PDF»): the document is built and laid out by the worker, with
stage progress, and the PDF is stored for its owner to download (tertial.web.jobs.views.job_download).
The direct download URLs (`?format=pdf`) stay as they were."""

import secrets
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from tertial.core import progress
from tertial.renderers import RENDERERS
from tertial.web.jobs.models import Job
from tertial.web.jobs.runner import Outcome, job_run

from .documents import NotPublished, ReportRefused, status_report_document, tertial_report_document


def report_dir() -> Path:
    return Path(settings.TERTIAL_REPORT_JOB_DIR)


@task()
def report_pdf_job(*, job_id: int) -> None:
    job_run(job_id, _report)


def _report(job: Job) -> Outcome:
    p = job.params
    withhold = frozenset(p.get("withhold", []))
    progress.report("read")
    try:
        if p["report"] == "tertial":
            document = tertial_report_document(
                year=p["year"], tertial=p["tertial"], published_only=p["published_only"], withhold=withhold
            )
        else:
            document = status_report_document(
                year=p["year"], month=p["month"], published_only=p["published_only"], withhold=withhold
            )
    except (NotPublished, ReportRefused) as exc:
        return Outcome(message=str(exc), failed=True)
    progress.report("write")
    body = RENDERERS["pdf"].render(document)
    progress.report("commit")
    folder = report_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(16)}.pdf"
    path.write_bytes(body)
    Job.objects.filter(pk=job.pk).update(params={**p, "file": str(path)})
    size_kb = max(1, len(body) // 1024)
    return Outcome(
        message=f"PDF-en er klar ({size_kb} kB).",
        result_url=reverse("jobs:download", args=[job.pk]),
        result_label=f"Last ned {p['filename']}.pdf",
    )
