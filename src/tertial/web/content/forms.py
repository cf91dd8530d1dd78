from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Section


class SectionForm(forms.ModelForm):
    """The text is HTML in the safe subset (p, strong, em, lists, h3/h4, links); anything else is
    removed when it is saved."""

    class Meta:
        model = Section
        fields = ["title", "html", "sort_order", "decision_reference", "decision_url"]
        widgets = {"html": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"html": _("Tillatt: avsnitt, uthevet, kursiv, lister, mellomtitler og lenker.")}


class MilestoneReviseForm(forms.Form):
    new_date = forms.DateField(label=_("Ny dato"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}))
    decided = forms.DateField(label=_("Besluttet"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneDoneForm(forms.Form):
    done_date = forms.DateField(label=_("Utført dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
