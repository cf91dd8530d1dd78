"""Django admin for the finance app. The rules and inhabitants are saved through the services
(validated by the core rule, audited); loans and liquidity come from imports and are read-only here."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from . import models, services
from .selectors import rules_to_core


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Loan)
class LoanAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "lender",
        "year",
        "month",
        "balance",
        "rate_type",
        "rate",
        "fixed_until",
        "maturity",
        "kind",
    ]
    list_filter = ["year", "month", "kind", "rate_type", "lender"]


@admin.register(models.LiquidityRecord)
class LiquidityAdmin(ReadOnlyAdmin):
    list_display = ["year", "month", "bank_deposits", "unused_credit", "placements"]


class FinanceRulesAdminForm(forms.ModelForm):
    class Meta:
        model = models.FinanceRules
        fields = list(services.RULE_FIELDS)

    def clean(self):
        data = super().clean()
        candidate = models.FinanceRules(**{k: v for k, v in data.items() if k in services.RULE_FIELDS})
        if candidate.valid_from:
            problems = rules_to_core(candidate).problems()
            if problems:
                raise ValidationError([msg for _, msg in problems])
        return data


@admin.register(models.FinanceRules)
class FinanceRulesAdmin(admin.ModelAdmin):
    form = FinanceRulesAdminForm
    list_display = [
        "valid_from",
        "fixed_share_min",
        "fixed_share_max",
        "maturing_12m_max",
        "lender_share_max",
        "reference",
    ]

    def save_model(self, request: HttpRequest, obj: models.FinanceRules, form: Any, change: bool) -> None:
        services.finance_rules_save(rules=obj, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: models.FinanceRules) -> None:
        services.finance_rules_delete(rules=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[models.FinanceRules]) -> None:
        for rules in queryset:
            services.finance_rules_delete(rules=rules, actor=request.user)


@admin.register(models.YearFigures)
class YearFiguresAdmin(admin.ModelAdmin):
    list_display = ["year", "inhabitants", "operating_expenditure"]

    def save_model(self, request: HttpRequest, obj: models.YearFigures, form: Any, change: bool) -> None:
        services.year_figures_save(figures=obj, actor=request.user)
