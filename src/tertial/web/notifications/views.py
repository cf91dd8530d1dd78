"""The notifications pages: the list behind the bell, the user's choices, one-click unsubscribe, and
following a political case («Følg»: anyone with an e-mail address, confirmed by a signed link)."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tertial.web.accounts.access import signed_in_required
from tertial.web.security import client_ip

from . import selectors, services
from .forms import FollowForm, PreferenceForm
from .kinds import Kind


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    signed_in_required(request.user)
    items = selectors.notification_list(user=request.user)
    unread = sum(1 for n in items if n.read_at is None)
    return render(request, "notifications/notification_list.html", {"items": items, "unread": unread})


@login_required
@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    signed_in_required(request.user)
    n = services.notifications_mark_read(user=request.user)
    if n:
        messages.success(request, _("%(n)d varsler er merket som lest.") % {"n": n})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preference_update(request: HttpRequest) -> HttpResponse:
    signed_in_required(request.user)
    pref = services.preference_get(request.user)
    form = PreferenceForm(
        request.POST or None,
        email_off=list(pref.email_off),
        app_off=list(pref.app_off),
        initial={"language": pref.language},
    )
    if request.method == "POST" and form.is_valid():
        services.preference_save(
            user=request.user,
            email_off=form.off("email"),
            app_off=form.off("app"),
            language=form.cleaned_data["language"],
            actor=request.user,
        )
        messages.success(request, _("Varselinnstillingene er lagret."))
        return redirect("notifications:settings")
    has_email = bool(getattr(request.user, "email", ""))
    return render(request, "notifications/settings.html", {"form": form, "has_email": has_email})


def _bad_link(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/link_invalid.html", status=400)


@csrf_exempt  # RFC 8058: the mail program posts «List-Unsubscribe=One-Click» without a form or cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every notification mail: that kind of mail is turned off at once (one click);
    the page says so and links to the settings to turn it on again."""
    try:
        user, kind = services.unsubscribe(token=token)
    except signing.BadSignature:
        return _bad_link(request)
    return render(request, "notifications/unsubscribed.html", {"kind": Kind(kind).label, "address": user.email})


@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    """«Følg» on the public case page: a confirmation mail is sent to the address given."""
    case = get_object_or_404(apps.get_model("decisions", "Case"), pk=pk)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "notifications/follow.html", {"case": case, "follow_form": form}, status=400)
    email = form.cleaned_data["email"]
    try:
        f = services.follow_request(
            case=case,
            email=email,
            language=translation.get_language() or "nb",
            now=timezone.now(),
            user=request.user,
            client=client_ip(request),
        )
    except services.FollowLimited as limited:
        form.add_error("email", str(limited))
        return render(request, "notifications/follow.html", {"case": case, "follow_form": form}, status=429)
    if f.confirmed_at:
        messages.success(request, _("Du følger saken. Endringer sendes til %(email)s.") % {"email": f.email})
    else:
        messages.success(
            request,
            _("Vi har sendt en e-post til %(email)s. Klikk lenken i den for å bekrefte at du vil følge saken.")
            % {"email": email},
        )
    return redirect("decisions:case", pk=case.pk)


@require_GET
def follow_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        f = services.follow_confirm(token=token, now=timezone.now())
    except signing.BadSignature:
        return _bad_link(request)
    return render(request, "notifications/follow_done.html", {"case": f.case, "email": f.email, "following": True})


@csrf_exempt  # RFC 8058 one-click unsubscribe, as above
@require_http_methods(["GET", "POST"])
def follow_stop(request: HttpRequest, token: str) -> HttpResponse:
    try:
        case, email = services.follow_stop(token=token)
    except signing.BadSignature:
        return _bad_link(request)
    return render(request, "notifications/follow_done.html", {"case": case, "email": email, "following": False})
