"""The data version: one counter row bumped by a database trigger whenever an audit entry is
written. Every write service records an audit entry in its own transaction, so the counter changes
exactly when data the pages show may have changed, and it becomes visible in the same commit.
tertial.web.pagecache keys its cached page fragments by it.

The trigger fires with the insert (not deferred to the commit: a test's transaction never
commits, and the page must show its own writes). A writing transaction therefore holds the
counter row's lock from its first audit entry to its commit; services write their audit entries
at the end of short transactions (the GL import's after the COPY), so the wait is short, and a
lock-order deadlock between two writers is resolved by PostgreSQL aborting one of them — the
service's transaction rolls back cleanly and can be retried."""

from django.db import migrations

CREATE_TABLE = "CREATE TABLE budget_dataversion (id integer PRIMARY KEY, n bigint NOT NULL)"
FILL = "INSERT INTO budget_dataversion (id, n) VALUES (1, 0)"

PG_FORWARD = [
    CREATE_TABLE,
    FILL,
    """CREATE FUNCTION budget_dataversion_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE budget_dataversion SET n = n + 1 WHERE id = 1;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER budget_dataversion_bump AFTER INSERT ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION budget_dataversion_bump()""",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS budget_dataversion_bump ON audit_auditentry",
    "DROP FUNCTION IF EXISTS budget_dataversion_bump()",
    "DROP TABLE IF EXISTS budget_dataversion",
]
SQLITE_FORWARD = [
    CREATE_TABLE,
    FILL,
    """CREATE TRIGGER budget_dataversion_bump AFTER INSERT ON audit_auditentry
    BEGIN UPDATE budget_dataversion SET n = n + 1 WHERE id = 1; END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS budget_dataversion_bump",
    "DROP TABLE IF EXISTS budget_dataversion",
]


def forward(apps, schema_editor):
    statements = PG_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = PG_BACKWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0003_centralitem_line"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
