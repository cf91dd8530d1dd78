from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Case, DecisionPoint, LogEntry
from .selectors import case_reference_taken
from .services import POINT_FIELDS, reference_key

DUPLICATE_REFERENCE = _("Saken %(reference)s finnes allerede i registeret.")
COMPLETION_HELP = _(
    "Skriv som dere pleier: «Høsten 2021», «januar 2021», «30.6.20», «innen 2.tertial 2024», «kontinuerlig». "
    "Tekst som ikke kan tolkes lagres som skrevet, men gir ingen forfallsdato."
)


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = [
            "reference",
            "body",
            "meeting_date",
            "year",
            "kind",
            "title",
            "proposer",
            "party",
            "on_behalf_of",
            "preamble",
        ]
        widgets = {"meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_reference(self) -> str:
        reference = " ".join(self.cleaned_data["reference"].split())
        if case_reference_taken(reference_key(reference), exclude_pk=self.instance.pk):
            raise forms.ValidationError(DUPLICATE_REFERENCE, code="duplicate", params={"reference": reference})
        return reference


class PointForm(forms.ModelForm):
    class Meta:
        model = DecisionPoint
        fields = list(POINT_FIELDS)
        widgets = {"closed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"expected_completion": COMPLETION_HELP}


class LogEntryForm(forms.ModelForm):
    class Meta:
        model = LogEntry
        fields = ["entry_date", "text"]
        widgets = {"entry_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_TOO_LARGE = _("Fila er større enn %(mb)s MB; en oppfølgingsliste er tekst og er mye mindre.")
IMPORT_NOT_TEXT = _(
    "Fila er ikke tekst i UTF-8 eller Windows-1252. Kopier listen fra nettsiden eller dokumentet og lagre den som .txt."
)


class DecisionsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Oppfølgingsliste (tekst)"),
        help_text=_(
            "En .txt-fil med listen kopiert fra kommunens nettside eller et dokument: overskrifter med "
            "saksnummer, feltnavn som «Vedtak:» og «Status:», eller en tabell skilt med tabulator eller |."
        ),
    )

    def clean_file(self) -> str:
        """The file's text (UTF-8, else Windows-1252 as saved by older Windows programs)."""
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(IMPORT_TOO_LARGE, params={"mb": IMPORT_MAX_BYTES // (1024 * 1024)})
        raw = upload.read()
        if b"\x00" in raw:
            raise forms.ValidationError(IMPORT_NOT_TEXT)
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return str(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(IMPORT_NOT_TEXT)
