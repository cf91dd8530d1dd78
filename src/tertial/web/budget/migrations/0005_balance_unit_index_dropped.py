"""Balance.unit keeps its foreign key but loses its own index: the unique constraint's index
(unit, period, art, funksjon, prosjekt) already serves every lookup by unit, and each index is
maintained on every one of the ~400 000 rows a general-ledger import writes (benchmarks/import_gl.py).

`manage sqlmigrate` shows the AlterField as a no-op on PostgreSQL, so the index is also dropped
explicitly there if it is still present; on SQLite the AlterField rebuilds the table without it."""

import django.db.models.deletion
from django.db import migrations, models


def _unit_only_indexes(cursor) -> list[str]:
    cursor.execute(
        """SELECT i.relname FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
           WHERE t.relname = 'budget_balance' AND x.indnatts = 1 AND a.attname = 'unit_id'
             AND NOT x.indisunique AND NOT x.indisprimary"""
    )
    return [r[0] for r in cursor.fetchall()]


def drop_unit_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in _unit_only_indexes(cursor):
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0004_data_version_counter"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="balance",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="balances",
                to="org.unit",
            ),
        ),
        migrations.RunPython(drop_unit_index, migrations.RunPython.noop)  # AlterField's reverse recreates it,
    ]
