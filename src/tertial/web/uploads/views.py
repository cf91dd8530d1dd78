"""The upload page for imports (/import/): finance only.

The size is checked from Content-Length BEFORE the body is read (so the view is CSRF-exempt on the
outside and CSRF-protected on the inside: the CSRF middleware would otherwise read the whole body to
find the token), then again while the file is written (files.upload_store).

A general ledger, and any large file, is handed to the background worker as a job (the browser goes to
the job page and sees its progress); a small file is imported in the request. The form starts at the
current budget year and the kind last chosen, and keeps its values after an error and after a success."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from tertial.core.errors import DomainError, InputError
from tertial.web.accounts.access import finance_required
from tertial.web.budget.selectors import years_with_data
from tertial.web.import_request import PeriodRequired
from tertial.web.jobs.selectors import job_list_for, worker_alive
from tertial.web.org.selectors import OrganisationMissing

from .files import UploadRefused, too_large_message
from .forms import KIND_LABELS, UploadForm
from .messages import imported_message, organisation_missing_message, upload_url
from .results import result_link
from .services import runs_as_job, upload_enqueue, upload_import_stored, upload_save

FORM_FIELDS_SLACK = 64 * 1024  # room for the form's other fields and the multipart framing
SESSION_KIND, SESSION_YEAR = "tertial_upload_kind", "tertial_upload_year"


def current_budget_year() -> int:
    """The newest budget year in the database that has begun (the demo's 2024 in 2026), else this year."""
    this_year = timezone.localdate().year
    years = [y for y in years_with_data() if y <= this_year]
    return years[0] if years else this_year


def _initial(request: HttpRequest) -> dict:
    """Query string (a failed job's «back» link) first, then the user's last choice, then defaults."""
    initial: dict = {
        "kind": request.session.get(SESSION_KIND, "actuals"),
        "year": request.session.get(SESSION_YEAR) or current_budget_year(),
    }
    for name in ("kind", "year", "period"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    return initial


def _render(request: HttpRequest, form: UploadForm, *, status: int = 200, **extra) -> HttpResponse:
    user_id = request.user.pk
    return render(
        request,
        "uploads/upload.html",
        {
            "form": form.describe(),
            "max_mb": settings.TERTIAL_UPLOAD_MAX_BYTES // (1024 * 1024),
            "recent_jobs": job_list_for(user_id=user_id, kind="import") if user_id else [],
            "worker_alive": worker_alive(),
            "result": request.session.pop("tertial_upload_result", None),
            **extra,
        },
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    finance_required(request.user)
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.TERTIAL_UPLOAD_MAX_BYTES + FORM_FIELDS_SLACK:
            form = UploadForm(initial=_initial(request))
            return _render(request, form, status=413, refused=too_large_message(settings.TERTIAL_UPLOAD_MAX_BYTES))
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render(request, UploadForm(initial=_initial(request)))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form, status=400)
    data = form.cleaned_data
    kind, year, period = data["kind"], data["year"], data["period"]
    request.session[SESSION_KIND], request.session[SESSION_YEAR] = kind, year
    uploaded = data["file"]
    try:
        stored = upload_save(kind=kind, chunks=uploaded.chunks(), client_name=uploaded.name)
        if runs_as_job(kind=kind, stored=stored):
            label = str(KIND_LABELS.get(kind, kind))
            job = upload_enqueue(
                stored=stored, kind=kind, kind_label=label, year=year, period=period, user_id=request.user.pk
            )
            return redirect("jobs:detail", pk=job.pk)
        receipt = upload_import_stored(stored=stored, kind=kind, year=year, period=period, actor=request.user)
    except UploadRefused as exc:
        form.add_error("file", str(exc))
        return _render(request, form, status=400)
    except InputError as exc:
        return _render(request, form, status=400, problems=[str(p) for p in exc.problems])
    except PeriodRequired:
        form.add_error("period", _("Denne filtypen gjelder én måned: oppgi perioden (1–12)."))
        return _render(request, form, status=400)
    except OrganisationMissing as exc:
        return _render(request, form, status=400, problems=[organisation_missing_message(exc.year)])
    except DomainError as exc:
        return _render(request, form, status=400, problems=[str(exc)])
    messages.success(request, imported_message(stored.client_name, receipt))
    url, label = result_link(kind, year, period)
    if url:
        request.session["tertial_upload_result"] = {"url": url, "label": label}
    return redirect(upload_url(kind=kind, year=year, period=period))
