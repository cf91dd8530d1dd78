from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from tertial.core.money import kroner

from .models import FinanceRules
from .selectors import rules_to_core

PERCENT_FIELDS = ("fixed_share_min", "fixed_share_max", "maturing_12m_max", "lender_share_max")


class FinanceRulesForm(forms.ModelForm):
    """One version of the finance rules. The liquidity minimum is typed in kroner (stored in øre);
    limits that contradict each other (minimum above maximum) are refused by the core rule."""

    liquidity_min_kr = forms.DecimalField(
        label=_("Likviditetsreserve, minimum (kr)"), required=False, min_value=Decimal(0), decimal_places=2
    )

    class Meta:
        model = FinanceRules
        fields = [
            "valid_from",
            *PERCENT_FIELDS,
            "liquidity_min_days",
            "reference",
        ]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "fixed_share_min": _("I prosent av ordinær lånegjeld (uten startlån). Tomt felt = ingen grense."),
            "reference": _("Vedtaket som fastsatte reglementet, f.eks. «KS-sak 45/23»."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.liquidity_min is not None:
            self.initial["liquidity_min_kr"] = Decimal(self.instance.liquidity_min) / 100
        for name in PERCENT_FIELDS:
            field = self.fields[name]
            field.validators += [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
            field.widget.attrs.update(min="0", max="100")

    def clean(self):
        data = super().clean()
        amount = data.get("liquidity_min_kr")
        self.instance.liquidity_min = None if amount is None else kroner(amount)
        for name in ("valid_from", *PERCENT_FIELDS, "liquidity_min_days", "reference"):
            if name in data:
                setattr(self.instance, name, data[name])
        if self.instance.valid_from is not None:
            for field, message in rules_to_core(self.instance).problems():
                self.add_error(field if field in self.fields else None, message)
        return data


class YearFiguresForm(forms.Form):
    """Inhabitants and gross operating expenditure of a year; an existing year is updated."""

    year = forms.IntegerField(label=_("År"), min_value=1900, max_value=2999)
    inhabitants = forms.IntegerField(label=_("Innbyggere per 1. januar"), min_value=1)
    operating_expenditure_kr = forms.DecimalField(
        label=_("Brutto driftsutgifter (kr)"),
        required=False,
        min_value=Decimal(0),
        decimal_places=2,
        help_text=_("Brukes for likviditet målt i dager av driftsutgiftene."),
    )
