"""The thirteen instruments (reference data)."""

from django.db import migrations

from hemis.treaties.instruments import load_instruments


def load(apps, schema_editor):
    load_instruments(apps.get_model("treaties", "Instrument"))


class Migration(migrations.Migration):
    dependencies = [("treaties", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
