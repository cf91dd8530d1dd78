"""The job page (/jobber/<pk>/): stage, a progress bar and the result, polled by HTMX every second
while the job is unfinished; cancel, confirm («Importer likevel») and run again."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tertial.core.progress import STAGES

from . import services
from .access import job_for_user
from .models import Job
from .selectors import stale_seconds, worker_alive


def _context(job: Job) -> dict:
    labels: dict[str, str] = {k: str(v) for k, v in Job.Stage.choices}
    if job.kind == "report":  # a report has no file to read: its stages say what it does
        labels |= {"read": _("Henter tallene"), "check": _("Kontrollerer"), "write": _("Lager PDF")}
    current = STAGES.index(job.stage) if job.stage in STAGES else -1
    steps = [
        {
            "label": labels[s],
            "done": job.state == Job.State.DONE or i < current,
            "current": i == current and not job.finished_state,
        }
        for i, s in enumerate(STAGES)
    ]
    return {
        "job": job,
        "steps": steps,
        "polling": not job.finished_state and job.state != Job.State.WAITING,
        "no_worker": job.state in (Job.State.QUEUED, Job.State.RUNNING) and not worker_alive(),
        "stale_seconds": stale_seconds(),
        "back_url": job.params.get("back_url", ""),
    }


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for_user(request.user, pk)
    return render(request, "jobs/job.html", _context(job))


@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTMX partial the job page polls."""
    job = job_for_user(request.user, pk)
    return render(request, "jobs/_status.html", _context(job))


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file a finished job made (a report's PDF), for the job's owner."""
    job = job_for_user(request.user, pk)
    path = Path(job.params.get("file", ""))
    if job.state != Job.State.DONE or not path.is_file():
        raise Http404("Filen finnes ikke (lenger)")
    name = f"{job.params.get('filename', 'rapport')}.pdf"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")


@login_required
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    services.job_cancel(job=job_for_user(request.user, pk))
    return redirect("jobs:detail", pk=pk)


@login_required
@require_POST
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    services.job_confirm(job=job_for_user(request.user, pk))
    return redirect("jobs:detail", pk=pk)


@login_required
@require_POST
def job_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for_user(request.user, pk)
    if job.state not in (Job.State.FAILED, Job.State.CANCELLED):
        return redirect("jobs:detail", pk=pk)
    return redirect("jobs:detail", pk=services.job_rerun(job=job).pk)
