"""Screens for finance: the proposals of a tertial with their balance and the draft resolution, the
create/edit form with lines, the wording of a point and the adoption. Every view is finance only
(accounts.access.finance_required; others get 403); each calls one selector or service."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tertial.core import proposals as core
from tertial.core.errors import DomainError
from tertial.web.accounts.access import finance_required
from tertial.web.org.selectors import municipality_get

from . import selectors, services
from .forms import AdoptForm, LineForm, ProposalForm, WordingForm, line_formset
from .models import Proposal

TERTIAL_MONTHS = {1: 4, 2: 8}


def _tertial_month(tertial: int) -> int:
    if tertial not in TERTIAL_MONTHS:
        raise Http404(_("Tertial må være 1 eller 2"))
    return TERTIAL_MONTHS[tertial]


def _tertial_of(month: int) -> int:
    return {v: k for k, v in TERTIAL_MONTHS.items()}.get(month, 1)


def _base(**extra) -> dict:
    m = municipality_get()
    return {"municipality_name": m.name if m else "", **extra}


def _list_url(proposal: Proposal):
    return redirect("proposals:proposal-list", year=proposal.budget_year.year, tertial=_tertial_of(proposal.period))


def _add_errors(form, exc: DomainError) -> None:
    for problem in getattr(exc, "problems", None) or (str(exc),):
        form.add_error(None, problem)


@require_GET
def proposal_index(request: HttpRequest) -> HttpResponse:
    """The newest tertial with proposals (or the newest budget year's first tertial)."""
    finance_required(request.user)
    newest = selectors.newest_tertial()
    if newest is None:
        raise Http404(_("Ingen budsjettår er satt opp ennå"))
    return redirect("proposals:proposal-list", year=newest[0], tertial=newest[1])


@require_GET
def proposal_list(request: HttpRequest, year: int, tertial: int) -> HttpResponse:
    finance_required(request.user)
    page = selectors.proposals_page_get(year=year, period=_tertial_month(tertial))
    return render(request, "proposals/proposal_list.html", _base(page=page, year=year, tertial=tertial))


def _proposal_form(request: HttpRequest, *, year: int, month: int, proposal: Proposal | None) -> HttpResponse:
    choices = selectors.target_choices(year)
    if proposal is not None:
        c = selectors.proposal_to_core(proposal)
        initial = {"title": c.title, "funding": c.funding.value, "reason": c.reason}
        lines, extra = c.lines, 2
    else:
        initial, lines, extra = {}, (), 4
    form = ProposalForm(request.POST or None, initial=initial)
    formset = line_formset(
        data=request.POST or None, lines=() if request.POST else lines, extra=extra, target_choices=choices
    )
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        args = {
            "title": form.cleaned_data["title"],
            "funding": core.Funding(form.cleaned_data["funding"]),
            "reason": form.cleaned_data["reason"],
            "lines": formset.lines(),
            "actor": request.user,
        }
        try:
            if proposal is None:
                saved = services.proposal_create(year=year, period=month, **args)
            else:
                saved = services.proposal_update(proposal=proposal, **args)
        except DomainError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Forslag %(n)s er lagret.") % {"n": saved.number})
            return _list_url(saved)
    return render(
        request,
        "proposals/proposal_form.html",
        _base(form=form, formset=formset, proposal=proposal, year=year, tertial=_tertial_of(month)),
    )


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, year: int, tertial: int) -> HttpResponse:
    finance_required(request.user)
    return _proposal_form(request, year=year, month=_tertial_month(tertial), proposal=None)


def _proposal(pk: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("budget_year"), pk=pk)


@require_http_methods(["GET", "POST"])
def proposal_update(request: HttpRequest, pk: int) -> HttpResponse:
    finance_required(request.user)
    proposal = _proposal(pk)
    if proposal.is_adopted:
        messages.error(
            request, services.ADOPTED_READ_ONLY.format(number=proposal.number, reference=proposal.adopted_reference)
        )
        return _list_url(proposal)
    return _proposal_form(request, year=proposal.budget_year.year, month=proposal.period, proposal=proposal)


@require_POST
def proposal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    finance_required(request.user)
    proposal = _proposal(pk)
    try:
        services.proposal_delete(proposal=proposal, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Forslag %(n)s er slettet.") % {"n": proposal.number})
    return _list_url(proposal)


def _view_of(proposal: Proposal) -> selectors.ProposalView:
    page = selectors.proposals_page_get(year=proposal.budget_year.year, period=proposal.period)
    return next(v for v in page.proposals if v.row.pk == proposal.pk)


@require_http_methods(["GET", "POST"])
def proposal_wording(request: HttpRequest, pk: int) -> HttpResponse:
    finance_required(request.user)
    proposal = _proposal(pk)
    view = _view_of(proposal)
    form = WordingForm(request.POST or None, initial={"wording": view.wording})
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_wording_set(proposal=proposal, wording=form.cleaned_data["wording"], actor=request.user)
        except DomainError as exc:
            form.add_error("wording", str(exc))
        else:
            messages.success(request, _("Teksten i vedtakspunktet er lagret."))
            return _list_url(proposal)
    return render(
        request,
        "proposals/proposal_wording.html",
        _base(
            form=form,
            proposal=proposal,
            view=view,
            year=proposal.budget_year.year,
            tertial=_tertial_of(proposal.period),
        ),
    )


@require_http_methods(["GET", "POST"])
def proposal_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the council's decision; the lines may first be amended (they must still balance)."""
    finance_required(request.user)
    proposal = _proposal(pk)
    year = proposal.budget_year.year
    c = selectors.proposal_to_core(proposal)
    form = AdoptForm(request.POST or None)
    formset = line_formset(
        data=request.POST or None,
        lines=() if request.POST else c.lines,
        extra=1,
        target_choices=selectors.target_choices(year),
    )
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        lines = formset.lines()
        try:
            change = services.proposal_adopt(
                proposal=proposal,
                reference=form.cleaned_data["reference"],
                adopted_on=form.cleaned_data["adopted_on"],
                lines=None if list(lines) == list(c.lines) else lines,
                actor=request.user,
            )
        except DomainError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Forslag %(n)s er vedtatt (%(ref)s) og ført som budsjettendring %(change)s.")
                % {"n": proposal.number, "ref": change.reference, "change": change.number},
            )
            return _list_url(proposal)
    return render(
        request,
        "proposals/proposal_adopt.html",
        _base(form=form, formset=formset, proposal=proposal, core=c, year=year, tertial=_tertial_of(proposal.period)),
    )


MAX_LINES = 200


@require_GET
def proposal_line_row(request: HttpRequest, year: int) -> HttpResponse:
    """HTMX: one more empty line row for the form (the row plus the formset's new TOTAL_FORMS, out of band)."""
    finance_required(request.user)
    try:
        index = int(request.GET.get("lines-TOTAL_FORMS", ""))
    except ValueError:
        index = -1
    if not 0 <= index < MAX_LINES:
        return HttpResponse(_("Ugyldig antall linjer"), status=400)
    form = LineForm(prefix=f"lines-{index}", target_choices=selectors.target_choices(year))
    return render(request, "proposals/_line_row_added.html", {"f": form, "n": index + 1, "total": index + 1})
