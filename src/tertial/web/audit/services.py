"""Recording changes. Every write service calls audit_record inside its own transaction."""

from typing import Any

from django.contrib.auth.models import User
from django.db import models

from tertial.web.import_request import Actor as Actor

from .models import AuditEntry


def audit_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs, as {field: [old, new]} (values made JSON-safe with str())."""

    def safe(v: Any) -> Any:
        return v if v is None or isinstance(v, bool | int | str) else str(v)

    return {k: [safe(before.get(k)), safe(after.get(k))] for k in after if before.get(k) != after.get(k)}


def audit_record(
    *, actor: Actor, action: str, obj: models.Model, changes: dict[str, list[Any]] | None = None
) -> AuditEntry:
    user = actor if isinstance(actor, User) else None  # a signed-in user (AnonymousUser is not one)
    return AuditEntry.objects.create(
        actor=user,
        actor_name=user.get_username() if user else (str(actor) if actor else "system"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )
