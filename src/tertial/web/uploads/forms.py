from django import forms
from django.utils.translation import gettext_lazy as _

from tertial.web.imports import IMPORTERS

# Norwegian names of the import kinds; a kind another app registers later without a name here is
# listed under its key until it is given one.
KIND_LABELS = {
    "org": _("Organisasjon (tjenesteområder og enheter)"),
    "actuals": _("Regnskap (hovedbok)"),
    "budget": _("Budsjett"),
    "budget-changes": _("Budsjettendringer"),
    "forecasts": _("Prognoser"),
    "central": _("Sentrale poster"),
    "comments": _("Kommentarer"),
    "decisions-text": _("Politiske vedtak (tekst)"),
    "decisions-sheet": _("Politiske vedtak (regneark fra eksporten, CSV eller XLSX)"),
    "sickleave": _("Sykefravær"),
    "indicators": _("Nøkkeltall"),
    "milestones": _("Framdriftsplaner"),
    "sections": _("Tekstseksjoner"),
    "areas": _("Rammeområder (bevilgning)"),
    "general-lines": _("Generelle linjer i bevilgningsoversikten"),
    "proposals": _("Forslag til budsjettendringer"),
    "investment-projects": _("Investeringsprosjekter"),
    "investment-frames": _("Investeringsrammer"),
    "investment-actuals": _("Investeringsregnskap"),
    "investment-financing": _("Finansiering av investeringer"),
    "loans": _("Lån"),
    "liquidity": _("Likviditet"),
    "finance-rules": _("Finansreglement (grenser)"),
    "inhabitants": _("Innbyggertall"),
}


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, str(KIND_LABELS.get(kind, kind))) for kind in IMPORTERS]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hva slags fil"), choices=kind_choices)
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    period = forms.IntegerField(
        label=_("Periode (måned)"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("1–12. Trengs for filer som gjelder én måned, for eksempel prognoser og kommentarer."),
    )
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("CSV, TXT, JSON eller XLSX. Filtypen sjekkes ut fra innholdet."),
        allow_empty_file=True,
    )

    def describe(self) -> "UploadForm":
        """Tie help texts and errors to their inputs (aria-describedby, aria-invalid) for screen readers."""
        for name, field in self.fields.items():
            bound = self[name]
            ids = [f"{bound.id_for_label}-help"] if field.help_text else []
            if self.is_bound and self.errors.get(name):
                ids.append(f"{bound.id_for_label}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
        return self
