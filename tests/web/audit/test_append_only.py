"""The audit log is append-only on every path: the admin offers no add, change or delete (nor the bulk
delete action), and the database itself refuses UPDATE and DELETE of an entry (a trigger, on PostgreSQL
and SQLite). The one update it lets through is the foreign key's own SET NULL when a user is deleted:
the entry keeps the user's name."""

import pytest
from django.db import DatabaseError, transaction

from tertial.web.audit.models import AuditEntry
from tertial.web.audit.services import audit_record
from tests.conftest import PASSWORD


@pytest.fixture
def entry(world, admin_user):
    from tertial.web.org.models import Municipality

    return audit_record(
        actor=admin_user, action="updated", obj=Municipality.objects.get(), changes={"name": ["a", "b"]}
    )


def test_the_database_refuses_to_delete_an_entry(entry):
    count = AuditEntry.objects.count()
    for delete in (entry.delete, AuditEntry.objects.all().delete, AuditEntry.objects.filter(pk=entry.pk).delete):
        with pytest.raises(DatabaseError, match="Endringsloggen"), transaction.atomic():
            delete()
    assert AuditEntry.objects.count() == count


def test_the_database_refuses_to_change_an_entry(entry):
    entry.action = "deleted"
    with pytest.raises(DatabaseError, match="Endringsloggen"), transaction.atomic():
        entry.save()
    for change in ({"changes": {}}, {"actor_name": "noen andre"}, {"actor": None, "actor_name": "x"}):
        with pytest.raises(DatabaseError, match="Endringsloggen"), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(**change)
    entry.refresh_from_db()
    assert (entry.action, entry.actor_name, entry.changes) == ("updated", "admin", {"name": ["a", "b"]})


def test_deleting_a_user_keeps_their_entries_by_name(entry, django_user_model):
    other = django_user_model.objects.create_user(username="borte", password=PASSWORD)
    from tertial.web.org.models import Municipality

    theirs = audit_record(actor=other, action="updated", obj=Municipality.objects.get())
    other.delete()
    theirs.refresh_from_db()
    assert (theirs.actor_id, theirs.actor_name, theirs.action) == (None, "borte", "updated")


def test_the_admin_offers_no_delete(entry, admin_user, client):
    client.login(username="admin", password=PASSWORD)
    listing = client.get("/admin/audit/auditentry/")
    assert listing.status_code == 200
    assert "delete_selected" not in listing.content.decode()
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    posted = client.post(
        "/admin/audit/auditentry/", {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert posted.status_code in (200, 302)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
