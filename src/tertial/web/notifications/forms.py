"""Forms of the notifications pages: the user's choices and the «Følg» form of a political case."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .kinds import Kind


class PreferenceForm(forms.Form):
    """One checkbox per kind and channel (checked = on), and the language of the e-mails."""

    language = forms.ChoiceField(label=_("Språk i e-post"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, email_off: list[str], app_off: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[f"email_{kind.value}"] = forms.BooleanField(
                label=_("E-post"), required=False, initial=kind.value not in email_off
            )
            self.fields[f"app_{kind.value}"] = forms.BooleanField(
                label=_("I Tertial"), required=False, initial=kind.value not in app_off
            )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(str(kind.label), self[f"email_{kind.value}"], self[f"app_{kind.value}"]) for kind in Kind]

    def off(self, channel: str) -> list[str]:
        return [kind.value for kind in Kind if not self.cleaned_data.get(f"{channel}_{kind.value}")]


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Din e-postadresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "ds-input"}),
    )
