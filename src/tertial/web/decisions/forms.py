from django import forms

from .models import Case, DecisionPoint, LogEntry
from .services import POINT_FIELDS


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


class PointForm(forms.ModelForm):
    class Meta:
        model = DecisionPoint
        fields = list(POINT_FIELDS)
        widgets = {"closed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class LogEntryForm(forms.ModelForm):
    class Meta:
        model = LogEntry
        fields = ["entry_date", "text"]
        widgets = {"entry_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
