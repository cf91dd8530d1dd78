"""The finance pages: the loan portfolio and key figures against the finance rules pr. a period
end, and the rules' versions. Each view checks access, reads through selectors, calls one service
on POST and renders; no arithmetic here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tertial.core.debt import (
    LOAN_KIND_LABELS,
    RATE_TYPE_LABELS,
    STATUS_LABELS,
    key_figure_rows,
    key_figures_table,
    limit_cells,
)
from tertial.core.errors import DomainError
from tertial.core.money import kroner
from tertial.web.org.selectors import municipality_get

from . import selectors, services
from .access import can_edit_rules, finance_readable, rules_editable
from .forms import FinanceRulesForm, YearFiguresForm
from .models import FinanceRules, YearFigures


def _base(request: HttpRequest, **extra) -> dict:
    m = municipality_get()
    return {"municipality_name": m.name if m else "", "can_edit": can_edit_rules(request.user), **extra}


@login_required
@require_GET
def finance_index(request: HttpRequest) -> HttpResponse:
    finance_readable(request.user)
    return render(request, "finance/index.html", _base(request, periods=selectors.loan_periods()))


@login_required
@require_GET
def finance_period(request: HttpRequest, year: int, month: int) -> HttpResponse:
    finance_readable(request.user)
    if not 1 <= month <= 12 or not 1900 <= year <= 2999:
        raise Http404
    view = selectors.finance_view_get(year=year, month=month)
    return render(
        request,
        "finance/period.html",
        _base(
            request,
            view=view,
            loans=[
                (ln, RATE_TYPE_LABELS[ln.rate_type], LOAN_KIND_LABELS[ln.kind])
                for ln in sorted(view.loans, key=lambda ln: (ln.kind, ln.lender, ln.number))
            ],
            key_rows=key_figure_rows(view.figures, view.checks),
            key_notes=key_figures_table(view.figures, view.checks).notes,
            checks=[(c, STATUS_LABELS[c.status], limit_cells(c)) for c in view.checks],
            breaches=[c for c in view.checks if c.breach],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rules_list(request: HttpRequest) -> HttpResponse:
    """The versions of the finance rules and a form for a new version (finance only)."""
    finance_readable(request.user)
    return _rules_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def rules_update(request: HttpRequest, pk: int) -> HttpResponse:
    rules_editable(request.user)
    return _rules_form(request, get_object_or_404(FinanceRules, pk=pk))


def _rules_form(request: HttpRequest, rules: FinanceRules | None) -> HttpResponse:
    form = None
    if can_edit_rules(request.user):
        form = FinanceRulesForm(request.POST or None, instance=rules)
    if request.method == "POST":
        rules_editable(request.user)
        assert form is not None
        if form.is_valid():
            try:
                services.finance_rules_save(rules=form.instance, actor=request.user)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Finansreglementet er lagret."))
                return redirect("finance:rules")
    return render(
        request,
        "finance/rules.html",
        _base(
            request,
            versions=selectors.rules_list(),
            form=form,
            editing=rules,
            years=selectors.year_figures_list(),
            year_form=YearFiguresForm() if can_edit_rules(request.user) else None,
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["POST"])
def year_figures_update(request: HttpRequest) -> HttpResponse:
    """Set a year's inhabitants and gross operating expenditure (finance only)."""
    rules_editable(request.user)
    form = YearFiguresForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        row = YearFigures.objects.filter(year=data["year"]).first() or YearFigures(year=data["year"])
        row.inhabitants = data["inhabitants"]
        amount = data["operating_expenditure_kr"]
        row.operating_expenditure = None if amount is None else kroner(amount)
        services.year_figures_save(figures=row, actor=request.user)
        messages.success(request, _("Innbyggertallet er lagret."))
        return redirect("finance:rules")
    return render(
        request,
        "finance/rules.html",
        _base(
            request,
            versions=selectors.rules_list(),
            form=FinanceRulesForm(),
            editing=None,
            years=selectors.year_figures_list(),
            year_form=form,
        ),
        status=400,
    )
