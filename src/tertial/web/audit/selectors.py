"""The audit log as people read it: Norwegian action and object names, field labels from the models,
amounts in kroner and choice values by their labels (the log itself stores raw values)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from tertial.renderers import numbers as nb

from .models import AuditEntry

ACTION_LABELS = {
    "created": _("opprettet"),
    "updated": _("endret"),
    "deleted": _("slettet"),
    "imported": _("importert"),
    "opened": _("åpnet"),
    "save": _("lagret utkast"),
    "submit": _("sendt inn"),
    "return": _("returnert"),
    "approve": _("godkjent"),
    "locked": _("låst"),
    "published": _("publisert"),
    "remark": _("merknad"),
    "reminded": _("purret"),
}
# Logged names that are no field of the model (counts and totals a service records): their labels.
EXTRA_FIELD_LABELS = {
    "tasks": _("oppgaver"),
    "recipients": _("mottakere"),
    "total_forecast": _("prognose totalt"),
    "budget_lines": _("budsjettlinjer"),
    "liquidity": _("likviditet"),
    "sick_leave": _("sykefravær"),
}
MONEY_MARK = "(øre)"  # amount fields say so in their verbose name; the log holds øre


@dataclass(frozen=True)
class HistoryChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    actor: str
    action: str
    what: str
    changes: tuple[HistoryChange, ...]


def _shown(field: "models.Field[Any, Any] | None", value: Any) -> str:  # Field is generic in the stubs only
    if value is None or value == "":
        return "–"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and MONEY_MARK in str(field.verbose_name):
        try:
            return f"{nb.kroner(int(value))} kr"
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def history_rows(entries: Iterable[AuditEntry]) -> list[HistoryRow]:
    rows = []
    for e in entries:
        try:
            model = apps.get_model(e.object_type)
        except (LookupError, ValueError):
            model = None
        changes = []
        for name, (old, new) in (e.changes or {}).items():
            try:
                found = model._meta.get_field(name) if model else None
            except FieldDoesNotExist:
                found = None
            if isinstance(found, models.Field):
                field, label = found, str(found.verbose_name).replace(MONEY_MARK, "").strip()
            else:  # a reverse relation (e.g. a comment's measures) or a name the model does not have
                field = None
                if found is not None:
                    label = str(found.related_model._meta.verbose_name_plural)
                else:
                    label = str(EXTRA_FIELD_LABELS.get(name, _("lån") if name.startswith("loans_") else name))
            changes.append(HistoryChange(label, _shown(field, old), _shown(field, new)))
        rows.append(
            HistoryRow(
                at=e.at,
                actor=e.actor_name,
                action=str(ACTION_LABELS.get(e.action, e.action)),
                what=str(model._meta.verbose_name) if model else e.object_type,
                changes=tuple(changes),
            )
        )
    return rows
