"""The audit log becomes append-only in the database: triggers refusing UPDATE and DELETE of an entry
(tertial.web.audit.guard holds the SQL and says what they do not cover)."""

from django.db import migrations

from tertial.web.audit.guard import GUARD_SQL, UNGUARD_SQL


def forward(apps, schema_editor):
    for sql in GUARD_SQL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    for sql in UNGUARD_SQL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
