"""The database's own guard on the audit log: triggers that refuse UPDATE and DELETE of an entry on
PostgreSQL and SQLite, whatever writes to the database (the ORM, the admin, a SQL console).

The one update let through is the foreign key's SET NULL when a user is deleted: `actor` becomes
NULL and nothing else changes (the entry keeps the user's name in `actor_name`).

Not covered: PostgreSQL's TRUNCATE and DROP TABLE (no row triggers fire; the test suite's flush uses
TRUNCATE), and on SQLite anyone who can write the file can drop a trigger. The guard is against
the application and people with a database login, not against the database's owner.

Django's SQLite schema editor rebuilds a table to alter it, which drops its triggers: a later
migration that alters AuditEntry must run GUARD_SQL again afterwards (as budget 0004's trigger on the
same table must be created again)."""

MESSAGE = "Endringsloggen kan bare utvides: endring og sletting av en oppføring er ikke tillatt"

# Every column but actor_id unchanged (the SET NULL of a deleted user).
_PG_SAME = (
    "(NEW.id, NEW.at, NEW.actor_name, NEW.action, NEW.object_type, NEW.object_id, NEW.object_repr, NEW.changes)"
    " IS NOT DISTINCT FROM "
    "(OLD.id, OLD.at, OLD.actor_name, OLD.action, OLD.object_type, OLD.object_id, OLD.object_repr, OLD.changes)"
)
_SQLITE_SAME = " AND ".join(
    f"NEW.{c} IS OLD.{c}"
    for c in ("id", "at", "actor_name", "action", "object_type", "object_id", "object_repr", "changes")
)

GUARD_SQL = {
    "postgresql": [
        f"""CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL AND {_PG_SAME} THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END $$""",
        "DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry",
        """CREATE TRIGGER audit_auditentry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
        FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only()""",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_auditentry_no_delete",
        f"""CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        "DROP TRIGGER IF EXISTS audit_auditentry_no_update",
        f"""CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
        WHEN NOT (OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL AND {_SQLITE_SAME})
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ],
}
UNGUARD_SQL = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry",
        "DROP FUNCTION IF EXISTS audit_auditentry_append_only()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_auditentry_no_delete",
        "DROP TRIGGER IF EXISTS audit_auditentry_no_update",
    ],
}
