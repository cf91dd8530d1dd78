"""The upload page for imports (/import/): finance only.

The size is checked from Content-Length BEFORE the body is read (so the view is CSRF-exempt on the
outside and CSRF-protected on the inside: the CSRF middleware would otherwise read the whole body to
find the token), then again while the file is written (files.upload_store)."""

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
from tertial.web.import_request import PeriodRequired

from .files import UploadRefused, too_large_message
from .forms import UploadForm
from .services import upload_import

FORM_FIELDS_SLACK = 64 * 1024  # room for the form's other fields and the multipart framing


def _render(request: HttpRequest, form: UploadForm, *, status: int = 200, **extra) -> HttpResponse:
    return render(
        request,
        "uploads/upload.html",
        {"form": form.describe(), "max_mb": settings.TERTIAL_UPLOAD_MAX_BYTES // (1024 * 1024), **extra},
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
            form = UploadForm(initial={"year": timezone.localdate().year})
            return _render(request, form, status=413, refused=too_large_message(settings.TERTIAL_UPLOAD_MAX_BYTES))
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render(request, UploadForm(initial={"year": timezone.localdate().year}))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form, status=400)
    data = form.cleaned_data
    uploaded = data["file"]
    try:
        stored, receipt = upload_import(
            kind=data["kind"],
            chunks=uploaded.chunks(),
            client_name=uploaded.name,
            year=data["year"],
            period=data["period"],
            actor=request.user,
        )
    except UploadRefused as exc:
        form.add_error("file", str(exc))
        return _render(request, form, status=400)
    except InputError as exc:
        return _render(request, form, status=400, problems=[str(p) for p in exc.problems])
    except PeriodRequired:
        form.add_error("period", _("Denne filtypen gjelder én måned: oppgi perioden (1–12)."))
        return _render(request, form, status=400)
    except DomainError as exc:
        return _render(request, form, status=400, problems=[str(exc)])
    messages.success(
        request, _("«%(name)s» er importert: %(receipt)s") % {"name": stored.client_name, "receipt": receipt}
    )
    return redirect("uploads:upload")
