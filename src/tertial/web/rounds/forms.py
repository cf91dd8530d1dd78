"""Forms of the round pages. Amounts are typed in Norwegian notation and parsed by core.money.parse_kroner."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from tertial.core.comments import Measure as CoreMeasure
from tertial.core.comments import MeasureStatus
from tertial.core.money import parse_kroner
from tertial.renderers import numbers as nb


class KronerField(forms.CharField):
    """A kroner amount in Norwegian notation ("34 090 000", "−1 000,50") → øre."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return nb.kroner_exact(value).removesuffix(",00") if isinstance(value, int) else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_kroner(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class PrognosisForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    forecast = KronerField(
        label=_("Prognose for året (kr)"),
        help_text=_("Netto driftsutgift ved årets slutt, f.eks. 34\u00a0090\u00a0000."),
    )
    cause = forms.CharField(label=_("Årsak til avviket"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    consequence = forms.CharField(
        label=_("Konsekvens hvis tiltakene ikke gjennomføres"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    text = forms.CharField(label=_("Annen kommentar"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MeasureForm(forms.Form):
    text = forms.CharField(label=_("Tiltak"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    effect = KronerField(label=_("Forventet effekt (kr)"), required=False)
    start = forms.DateField(
        label=_("Oppstart"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", "–"),
            (MeasureStatus.PLANNED.value, _("planlagt")),
            (MeasureStatus.STARTED.value, _("iverksatt")),
            (MeasureStatus.CONSIDERED.value, _("vurderes")),
            (MeasureStatus.DONE.value, _("gjennomført")),
        ],
    )

    def clean(self):
        data = super().clean()
        if not data.get("text") and any(data.get(k) for k in ("effect", "start", "status")):
            self.add_error("text", _("Beskriv tiltaket."))
        return data


class BaseMeasureFormSet(forms.BaseFormSet):
    def measures(self) -> list[CoreMeasure]:
        out = []
        for f in self.forms:
            d = f.cleaned_data
            if not d or d.get("DELETE") or not d.get("text"):
                continue
            out.append(
                CoreMeasure(
                    text=d["text"],
                    effect=d.get("effect"),
                    start=d.get("start"),
                    status=MeasureStatus(d["status"]) if d.get("status") else None,
                )
            )
        return out


MeasureFormSet = forms.formset_factory(MeasureForm, formset=BaseMeasureFormSet, extra=1, can_delete=True, max_num=20)


def measure_initial(comment) -> list[dict]:
    if comment is None:
        return []
    return [
        {"text": m.text, "effect": m.effect, "start": m.start, "status": m.status or ""} for m in comment.measures.all()
    ]


class ReturnForm(forms.Form):
    remark = forms.CharField(
        label=_("Merknad til enheten"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=True
    )


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Budsjettår"), min_value=1900, max_value=2999)
    month = forms.IntegerField(label=_("Måned (periodens siste)"), min_value=1, max_value=12)
    deadline = forms.DateField(label=_("Frist"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    title = forms.CharField(label=_("Tittel"), required=False, max_length=100, help_text=_("f.eks. «1. tertial 2024»"))

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if today and not self.is_bound:
            self.initial.setdefault("year", today.year)


class SectorCommentForm(forms.Form):
    text = forms.CharField(label=_("Kommentar for tjenesteområdet"), widget=forms.Textarea(attrs={"rows": 6}))


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Frist"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
