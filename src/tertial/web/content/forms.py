from django import forms
from django.utils.translation import gettext_lazy as _

from tertial.core.sections import link_problem

from .models import Section


class SectionForm(forms.ModelForm):
    """The text is HTML in the safe subset (p, strong, em, lists, h3/h4, links); anything else is
    removed when it is saved."""

    class Meta:
        model = Section
        fields = ["title", "html", "sort_order", "decision_reference", "decision_url"]
        widgets = {"html": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"html": _("Tillatt: avsnitt, uthevet, kursiv, lister, mellomtitler og lenker.")}

    def clean_decision_url(self) -> str:
        """The importer's rule (tertial.core.sections.link_problem): http(s) or a path on this site."""
        url = self.cleaned_data["decision_url"].strip()
        if problem := link_problem(url):
            raise forms.ValidationError(f"{problem[0].upper()}{problem[1:]}.")  # the core's words, as a sentence
        return url


class MilestoneReviseForm(forms.Form):
    new_date = forms.DateField(label=_("Ny dato"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}))
    decided = forms.DateField(label=_("Besluttet"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneDoneForm(forms.Form):
    done_date = forms.DateField(label=_("Utført dato"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
