"""Round pages. Each view: check method and login, fetch through access.py, validate the form, call
one service or selector, render a page or an HTMX partial. Readable without JavaScript: every form
posts normally and redirects back; with HTMX the comment form is swapped in place."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tertial.core.errors import DomainError
from tertial.core.periodised import PROFILE_EVEN, PROFILE_IMPORTED
from tertial.core.rounds import StaleEdit, TaskState
from tertial.renderers import charts
from tertial.web.accounts.access import (
    finance_required,
    is_finance,
    led_sector_codes,
    readable_unit_codes,
    sector_for_user,
    unit_for_user,
)
from tertial.web.forecasting.selectors import explanation_rule_get
from tertial.web.notifications.selectors import reminder_log_list
from tertial.web.org.models import Sector
from tertial.web.org.selectors import municipality_get

from . import access, selectors, services
from .forms import (
    DeadlineForm,
    KronerField,
    MeasureFormSet,
    PrognosisForm,
    ReturnForm,
    RoundForm,
    SectorCommentForm,
    measure_initial,
)
from .models import Round, Task


def _base(request: HttpRequest) -> dict:
    m = municipality_get()
    return {"municipality_name": m.name if m else ""}


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    finance = is_finance(request.user)
    leader = bool(readable_unit_codes(request.user)) if not finance else False
    rounds = selectors.round_list(published_only=not (finance or leader))
    return render(request, "rounds/round_list.html", {**_base(request), "rounds": rounds, "finance": finance})


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    finance_required(request.user)
    form = RoundForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rnd = services.round_open(
                year=d["year"], month=d["month"], deadline=d["deadline"], title=d["title"], actor=request.user
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Runden er åpnet."))
            return redirect("rounds:round-detail", rnd.year, rnd.period)
    return render(request, "rounds/round_create.html", {**_base(request), "form": form})


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """«Mine oppgaver», a leader's start page: their units' tasks in open rounds, those waiting for
    them first (not started, draft, returned), then those with finance; a sector leader also gets the
    sector comment of each open round."""
    tasks = selectors.my_tasks_list(readable_unit_codes(request.user))
    waiting = {TaskState.NOT_STARTED, TaskState.DRAFT, TaskState.RETURNED}
    todo = [t for t in tasks if t.state in waiting]
    done = [t for t in tasks if t.state not in waiting]
    rounds = {t.round_id: t.round for t in tasks}
    led = led_sector_codes(request.user)
    sector_tasks = [(r, s) for r in rounds.values() for s in access.sectors_for_user(request.user, r.year) if led]
    ctx = {**_base(request), "tasks": tasks, "todo": todo, "done": done, "sector_tasks": sector_tasks}
    return render(request, "rounds/my_tasks.html", ctx)


@require_GET
def round_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    rnd = access.round_for_user(request.user, selectors.round_get(year=year, month=month))
    finance = is_finance(request.user)
    leader = finance or bool(readable_unit_codes(request.user))
    ctx = {**_base(request), "round": rnd, "finance": finance}
    if finance:
        ctx["reminders"] = list(reminder_log_list(round_id=rnd.pk))
        ctx["deadline_form"] = DeadlineForm(initial={"deadline": rnd.deadline})
        ctx["reminder_days_before"] = settings.TERTIAL_REMINDER_DAYS_BEFORE
        ctx["reminder_days_after"] = settings.TERTIAL_REMINDER_SECTOR_DAYS_AFTER
    if leader:
        tasks = access.tasks_for_user(request.user, rnd)
        ctx["overview"] = selectors.round_overview_get(rnd, tasks, today=timezone.localdate())
        ctx["sectors"] = access.sectors_for_user(request.user, year)
    if rnd.published or not leader:
        ctx["table"] = selectors.round_table_get(rnd)
        ctx["comments"] = selectors.round_comments_get(rnd)
    return render(request, "rounds/round_detail.html", ctx)


@login_required
@require_POST
def round_remind(request: HttpRequest, year: int, month: int) -> HttpResponse:
    finance_required(request.user)
    rnd = selectors.round_get(year=year, month=month)
    n = services.reminder_send(rnd=rnd, actor=request.user)
    messages.success(request, _("Påminnelse sendt til %(n)d enhetsledere.") % {"n": n})
    return redirect("rounds:round-detail", year, month)


def _confirm(request: HttpRequest, year: int, month: int, *, step: str, service, done: str) -> HttpResponse:
    """Lock and publish: GET (or a POST without the page's confirmation field) shows what will happen
    and asks; the confirmation page's POST does it. Works without JavaScript."""
    finance_required(request.user)
    rnd = selectors.round_get(year=year, month=month)
    if request.method == "POST" and request.POST.get("confirm") == step:
        try:
            service(rnd=rnd, actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
        return redirect("rounds:round-detail", year, month)
    ctx = {**_base(request), "round": rnd, "step": step, "summary": selectors.round_summary_get(rnd)}
    return render(request, "rounds/round_confirm.html", ctx)


@login_required
@require_POST
def round_deadline(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """Finance moves the round's deadline; the scheduled reminders follow it."""
    finance_required(request.user)
    rnd = selectors.round_get(year=year, month=month)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.round_deadline_set(rnd=rnd, deadline=form.cleaned_data["deadline"], actor=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Fristen er endret."))
    else:
        messages.error(request, _("Skriv en gyldig dato for fristen."))
    return redirect("rounds:round-detail", year, month)


@login_required
@require_http_methods(["GET", "POST"])
def round_lock(request: HttpRequest, year: int, month: int) -> HttpResponse:
    return _confirm(
        request,
        year,
        month,
        step="lock",
        service=services.round_lock,
        done=_("Runden er låst. Tallene og tekstene er frosset."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_publish(request: HttpRequest, year: int, month: int) -> HttpResponse:
    return _confirm(
        request,
        year,
        month,
        step="publish",
        service=services.round_publish,
        done=_("Runden er publisert. Politikerne og publikum ser nå tallene og kommentarene."),
    )


# --- Unit page -----------------------------------------------------------------------------------


def _unit_and_task(request: HttpRequest, year: int, month: int, code: str):
    unit = unit_for_user(request.user, selectors.unit_get(year=year, code=code))
    rnd = Round.objects.select_related("budget_year").filter(budget_year__year=year, period=month).first()
    task = Task.objects.filter(round=rnd, unit=unit).first() if rnd else None
    return unit, rnd, task


def _months() -> tuple[str, ...]:
    return tuple(
        str(m)
        for m in (
            pgettext("month", "jan"),
            pgettext("month", "feb"),
            pgettext("month", "mar"),
            pgettext("month", "apr"),
            pgettext("month", "mai"),
            pgettext("month", "jun"),
            pgettext("month", "jul"),
            pgettext("month", "aug"),
            pgettext("month", "sep"),
            pgettext("month", "okt"),
            pgettext("month", "nov"),
            pgettext("month", "des"),
        )
    )


def _unit_charts(page) -> dict:
    """The unit page's two charts as SVG, each at a wide and a narrow layout (the CSS shows the one that
    fits the screen), with their texts in the reader's language."""
    months = _months()
    source = page.profile_source  # the budget the actuals are measured against: twelfths or periodised
    profile_labels = {
        "title": _("Regnskap hittil i år mot jevn budsjettprofil, per måned")
        if source == PROFILE_EVEN
        else _("Regnskap hittil i år mot periodisert budsjett, per måned"),
        "actual": _("Regnskap hittil i år"),
        "budget": {
            PROFILE_EVEN: _("Budsjettprofil hittil (1/12 per måned)"),
            PROFILE_IMPORTED: _("Periodisert budsjett hittil (importert)"),
        }.get(source, _("Periodisert budsjett hittil (fordelt som tidligere års regnskap)")),
    }
    out: dict = {"profile_even": PROFILE_EVEN}
    out |= {
        f"profile_svg_{name}": mark_safe(  # scene_svg escapes every text
            charts.scene_svg(
                charts.unit_profile_scene(page.profile, width=width, labels=profile_labels, months=months),
                f"profile-{name}",
            )
        )
        for name, width in (("wide", charts.UNIT_WIDE), ("narrow", charts.UNIT_NARROW))
    }
    p = page.projection
    if p is not None:
        labels = {
            "title": _("Regnskap hittil og statistisk vei til årsslutt"),
            "actual": _("Regnskap hittil (akkumulert)"),
            "path": _("Statistisk vei til årsslutt"),
            "band": _("80 %-intervall i desember"),
            "forecast_over": _("Enhetens prognose (over budsjett)"),
            "forecast_under": _("Enhetens prognose (under budsjett)"),
            "budget": _("Budsjett"),
        }
        for name, width in (("wide", charts.UNIT_WIDE), ("narrow", charts.UNIT_NARROW)):
            scene = charts.unit_projection_scene(
                p.series, p.forecast, p.budget, width=width, labels=labels, months=months
            )
            out[f"projection_svg_{name}"] = mark_safe(charts.scene_svg(scene, f"projection-{name}"))
    return out


def _preview(unit, year: int, month: int, text: str | None) -> dict:
    """The form's live figures for the typed forecast `text` (Norwegian notation): the preview, or the
    reason the text is not an amount; nothing for an empty field."""
    if text is None or not str(text).strip():
        return {"preview": None, "preview_error": ""}
    try:
        forecast = KronerField().clean(text)
    except ValidationError as exc:
        return {"preview": None, "preview_error": " ".join(exc.messages)}
    return {
        "preview": selectors.forecast_preview_get(unit=unit, year=year, month=month, forecast=forecast),
        "preview_error": "",
    }


def _live_attrs(form: PrognosisForm, year: int, month: int, code: str) -> PrognosisForm:
    """The forecast field asks the server for avvik and forbruk as the leader types (HTMX; without
    JavaScript the figures follow the next save)."""
    form.fields["forecast"].widget.attrs.update(
        {
            "hx-get": reverse("rounds:prognosis-preview", args=[year, month, code]),
            "hx-trigger": "input changed delay:300ms",
            "hx-target": "#forecast-preview",
            "hx-swap": "innerHTML",  # the live region stays; only its content changes
            "aria-controls": "forecast-preview",
        }
    )
    return form


def _unit_context(request, unit, rnd, task, year, month, *, form=None, formset=None) -> dict:
    page = selectors.unit_page_get(unit=unit, rnd=rnd, year=year, month=month)
    editable = (
        task is not None
        and not rnd.is_locked
        and task.state in (TaskState.NOT_STARTED, TaskState.DRAFT, TaskState.RETURNED)
    )
    if editable and form is None:
        c = page.comment
        form = PrognosisForm(
            initial={
                "version": task.version,
                "forecast": page.row.forecast if page.row.forecast_reported else None,
                "cause": c.cause if c else "",
                "consequence": c.consequence if c else "",
                "text": c.text if c else "",
            }
        )
        formset = MeasureFormSet(initial=measure_initial(c), prefix="tiltak")
    preview: dict = {}
    if editable and form is not None:
        _live_attrs(form, year, month, unit.code)
        typed = form["forecast"].value()
        preview = _preview(unit, year, month, form.fields["forecast"].prepare_value(typed))
    return {
        **preview,
        **_base(request),
        "unit": unit,
        "round": rnd,
        "task": task,
        "page": page,
        **_unit_charts(page),
        "explanation_rule": explanation_rule_get(translate=_) if editable else "",
        "year": year,
        "month": month,
        "editable": editable,
        "form": form,
        "formset": formset,
        "finance": is_finance(request.user),
        "return_form": ReturnForm(),
    }


@login_required
@require_GET
def unit_detail(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    unit, rnd, task = _unit_and_task(request, year, month, code)
    return render(request, "rounds/unit_detail.html", _unit_context(request, unit, rnd, task, year, month))


@login_required
@require_GET
def prognosis_preview(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    """Avvik and forbruk for the forecast being typed (the HTMX partial under the field)."""
    unit = unit_for_user(request.user, selectors.unit_get(year=year, code=code))
    ctx = _preview(unit, year, month, request.GET.get("forecast"))
    return render(request, "rounds/_prognosis_preview.html", ctx)


def _task_or_404(task):
    if task is None:
        raise Http404("Ingen oppgave for enheten i denne runden")
    return task


@login_required
@require_POST
def prognosis_save(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    """The forecast form. Its two buttons post the same fields: `action=save` keeps a draft,
    `action=submit` saves what is typed and submits it in one transaction."""
    unit, rnd, task = _unit_and_task(request, year, month, code)
    task = _task_or_404(task)
    form = PrognosisForm(request.POST)
    formset = MeasureFormSet(request.POST, prefix="tiltak")
    submit = request.POST.get("action") == "submit"
    status = 200
    if form.is_valid() and formset.is_valid():
        d = form.cleaned_data
        service = services.prognosis_save_and_submit if submit else services.prognosis_save
        try:
            task = service(
                task=task,
                version=d["version"],
                forecast=d["forecast"],
                cause=d["cause"],
                consequence=d["consequence"],
                text=d["text"],
                measures=formset.measures(),
                actor=request.user,
            )
        except StaleEdit as exc:
            form.add_error(None, str(exc))
            status = 409
        except DomainError as exc:
            form.add_error(None, str(exc))
            status = 409
            rnd.refresh_from_db()
            task.refresh_from_db()
            if rnd.is_locked:  # the page has no form to show the error on
                messages.error(request, str(exc))
        else:
            if submit:
                messages.success(request, _("Prognosen er sendt inn til økonomiavdelingen."))
            else:
                messages.success(request, _("Utkastet er lagret."))
            if not request.htmx:
                return redirect("rounds:unit-detail", year, month, code)
            form = formset = None  # fresh form with the new version
    else:
        status = 400
    ctx = _unit_context(request, unit, rnd, task, year, month, form=form, formset=formset)
    if request.htmx:
        # The form is swapped in place; the key figures (outside it) are swapped out of band, so they
        # show the forecast just saved. HTMX swaps 2xx only, so errors come back as 200 to be shown.
        return render(request, "rounds/_prognosis_response.html", ctx)
    return render(request, "rounds/unit_detail.html", ctx, status=status)


def _transition(request, year, month, code, *, finance: bool, call) -> HttpResponse:
    _unit, _rnd, task = _unit_and_task(request, year, month, code)
    if finance:
        finance_required(request.user)
    task = _task_or_404(task)
    version = request.POST.get("version")
    try:
        call(task, int(version) if version and version.isdigit() else None)
    except DomainError as exc:
        messages.error(request, str(exc))
    target = request.POST.get("next")
    if target == "overview":
        return redirect("rounds:round-detail", year, month)
    return redirect("rounds:unit-detail", year, month, code)


@login_required
@require_POST
def prognosis_submit(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    def call(task, version):
        services.prognosis_submit(task=task, version=version, actor=request.user)
        messages.success(request, _("Prognosen er sendt inn til økonomiavdelingen."))

    return _transition(request, year, month, code, finance=False, call=call)


@login_required
@require_POST
def submission_approve(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    def call(task, version):
        services.submission_approve(task=task, version=version, actor=request.user)
        messages.success(request, _("Innsendingen er godkjent."))

    return _transition(request, year, month, code, finance=True, call=call)


@login_required
@require_POST
def submission_return(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    form = ReturnForm(request.POST)

    def call(task, version):
        if not form.is_valid():
            raise DomainError(_("Skriv en merknad til enheten før du returnerer."))
        services.submission_return(task=task, remark=form.cleaned_data["remark"], version=version, actor=request.user)
        messages.success(request, _("Innsendingen er returnert til enheten."))

    return _transition(request, year, month, code, finance=True, call=call)


# --- Sector comment ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sector_comment(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    try:
        sector = Sector.objects.get(budget_year__year=year, code=code)
    except Sector.DoesNotExist:
        raise Http404("Ukjent tjenesteområde") from None
    sector = sector_for_user(request.user, sector)
    rnd = selectors.round_get(year=year, month=month)
    current = selectors.sector_comment_get(sector=sector, month=month)
    form = SectorCommentForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.sector_comment_save(sector=sector, rnd=rnd, text=form.cleaned_data["text"], actor=request.user)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Kommentaren er lagret."))
            return redirect("rounds:round-detail", year, month)
    units = sector.units.all()
    return render(
        request,
        "rounds/sector_comment.html",
        {**_base(request), "sector": sector, "round": rnd, "form": form, "units": units},
    )
