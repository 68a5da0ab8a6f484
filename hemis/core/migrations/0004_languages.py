"""Languages: every two-letter ISO 639-1 code that the CLDR names."""

from babel import Locale
from django.db import migrations


def load(apps, schema_editor):
    Language = apps.get_model("core", "Language")
    codes = sorted(code for code in Locale.parse("en").languages if len(code) == 2)
    existing = set(Language.objects.values_list("code", flat=True))
    Language.objects.bulk_create([Language(code=c) for c in codes if c not in existing])


class Migration(migrations.Migration):
    dependencies = [("core", "0003_language")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
