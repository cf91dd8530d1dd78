"""An external id per case and per decision point: the key of the spreadsheet round trip and of the
OParl ids. Added nullable, filled with one new UUID per existing row, then made unique."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    for name in ("Case", "DecisionPoint"):
        model = apps.get_model("decisions", name)
        for pk in model.objects.filter(external_id=None).values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(external_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="external_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="ekstern id"),
        ),
        migrations.AddField(
            model_name="decisionpoint",
            name="external_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="ekstern id"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="case",
            name="external_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="ekstern id"),
        ),
        migrations.AlterField(
            model_name="decisionpoint",
            name="external_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="ekstern id"),
        ),
    ]
