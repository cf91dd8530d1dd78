"""The upload page's messages to the user (named here so that the tests assert the same text)."""

from django.urls import reverse
from django.utils.translation import gettext as _


def imported_message(client_name: str, receipt: str) -> str:
    return _("«%(name)s» er importert: %(receipt)s") % {"name": client_name, "receipt": receipt}


def not_imported_message() -> str:
    return _("Filen ble ikke importert. Ingenting er lagret. Rett feilene i filen og last den opp på nytt:")


def organisation_missing_message(year: int) -> str:
    """The browser's remedy for an import into a year without an organisation (not a CLI command)."""
    return _(
        "Organisasjonen for %(year)s er ikke importert ennå. Velg «Organisasjon (tjenesteområder og enheter)» "
        "som filtype og last opp organisasjonsfilen for %(year)s først, og deretter denne filen. "
        "Eller velg riktig år hvis filen gjelder et annet år."
    ) % {"year": year}


def upload_url(*, kind: str, year: int | None, period: int | None) -> str:
    """The upload page with the form filled as before (after a failed job)."""
    query = f"?kind={kind}" + (f"&year={year}" if year else "") + (f"&period={period}" if period else "")
    return reverse("uploads:upload") + query
