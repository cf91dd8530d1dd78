"""The kinds of notification a user gets, each of which the user can turn off (by e-mail, in the app)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ROUND_REMINDER = "round_reminder", _("Påminnelse om frist i en rapporteringsrunde")
    FORECAST_RETURNED = "forecast_returned", _("Prognosen er returnert fra økonomiavdelingen")
    FORECAST_APPROVED = "forecast_approved", _("Prognosen er godkjent")
    ROUND_LOCKED = "round_locked", _("En rapporteringsrunde er låst")
    ROUND_PUBLISHED = "round_published", _("En rapporteringsrunde er publisert")
    POINT_OVERDUE = "point_overdue", _("Vedtakspunkter har passert forventet avslutning")
    DECISION_CHANGED = "decision_changed", _("Endring i en politisk sak du følger")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-post")
    APP = "app", _("I Tertial")
