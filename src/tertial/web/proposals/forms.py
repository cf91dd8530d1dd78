"""Forms for proposals: the head, its lines (a formset), the point's wording and the adoption.
Amounts are typed the Norwegian way («1 234 567,50», «−9 000 000») and parsed by core.money.parse_kroner."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tertial.core import proposals as core
from tertial.core.money import parse_kroner
from tertial.core.proposals import FUNDING_LABELS, Funding

NEED_TARGET = _("Velg ansvar eller linje.")
NEED_AMOUNT = _("Skriv et beløp.")


class AccessibleErrors:
    """After validation, every field with an error gets aria-invalid and aria-describedby pointing to
    its error text (id «<field id>-error», rendered by proposals/_field.html)."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._mark_errors()

    def add_error(self, field, error) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        self._mark_errors()

    def _mark_errors(self) -> None:
        for name in self._errors or {}:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            bound = self[name]  # type: ignore[index]
            ids = [f"{bound.auto_id}-error"]
            if self.fields[name].help_text:  # type: ignore[attr-defined]
                ids.append(f"{bound.auto_id}_helptext")
            attrs = self.fields[name].widget.attrs  # type: ignore[attr-defined]
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = " ".join(ids)


class ProposalForm(AccessibleErrors, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    funding = forms.ChoiceField(label=_("Finansiering"), choices=[(f.value, FUNDING_LABELS[f]) for f in Funding])
    reason = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class LineForm(AccessibleErrors, forms.Form):
    target = forms.ChoiceField(label=_("Ansvar eller linje"), required=False)
    amount = forms.CharField(
        label=_("Beløp (kr)"),
        required=False,
        help_text=_("Pluss = mer budsjett/utgift, minus = mer inntekt; f.eks. 16 000 000 eller −9 000 000"),
    )
    text = forms.CharField(label=_("Tekst i vedtaket"), max_length=200, required=False)

    def __init__(self, *args, target_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", _("– velg –")), *target_choices]
        self.fields["amount"].help_text = ""  # shown once, above the table
        index = (self.prefix or "").rsplit("-", 1)[-1]
        n = int(index) + 1 if index.isdigit() else ""
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = _("Linje %(n)s: %(field)s") % {"n": n, "field": field.label}

    def clean_amount(self) -> int | None:
        text = self.cleaned_data.get("amount", "")
        if not text:
            return None
        try:
            return parse_kroner(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        target, amount = data.get("target"), data.get("amount")
        if not target and amount is None and not data.get("text") and "amount" not in self.errors:
            return data  # an empty row
        if not target:
            self.add_error("target", NEED_TARGET)
        if amount is None and "amount" not in self.errors:
            self.add_error("amount", NEED_AMOUNT)
        return data

    def to_core(self) -> core.ProposalLine | None:
        target, amount = self.cleaned_data.get("target"), self.cleaned_data.get("amount")
        if not target or amount is None:
            return None
        kind, _sep, key = target.partition(":")
        return core.ProposalLine(
            amount=amount,
            ansvar=key if kind == "unit" else "",
            general_line=key if kind == "line" else "",
            text=self.cleaned_data.get("text", ""),
        )


class BaseLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, target_choices=(), **kwargs):
        self.target_choices = target_choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "target_choices": self.target_choices}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            target_choices=self.target_choices,
        )
        self.add_fields(form, None)
        return form

    def lines(self) -> list[core.ProposalLine]:
        return [x for x in (f.to_core() for f in self.forms if f.is_valid()) if x is not None]


def line_formset(*, data=None, lines=(), extra: int = 3, target_choices=()) -> BaseLineFormSet:
    factory = forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=extra)
    initial = [
        {
            "target": f"unit:{x.ansvar}" if x.ansvar else f"line:{x.general_line}",
            "amount": _kroner_input(x.amount),
            "text": x.text,
        }
        for x in lines
    ]
    return factory(data=data, initial=initial or None, prefix="lines", target_choices=target_choices)


def _kroner_input(ore: int) -> str:
    """An amount as typed in an input: «16 000 000» or «−1 234,50» (plain spaces, parseable back)."""
    return core.kroner_text(ore).replace("\u00a0", " ")


class WordingForm(AccessibleErrors, forms.Form):
    wording = forms.CharField(
        label=_("Tekst i vedtakspunktet"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "Endre ordlyden, ikke tallene: tallene settes inn der plassholderne står, f.eks. {beløp} og "
            "{ny_ramme}. Tom tekst gir den genererte ordlyden."
        ),
    )


class AdoptForm(AccessibleErrors, forms.Form):
    reference = forms.CharField(label=_("Vedtak (saksnummer)"), max_length=100, help_text=_("f.eks. «PS 45/24»"))
    adopted_on = forms.DateField(
        label=_("Vedtatt dato"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"],
        help_text=_("DD.MM.ÅÅÅÅ"),
    )
