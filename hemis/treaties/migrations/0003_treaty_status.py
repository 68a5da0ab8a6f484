"""The treaty status reference file, loaded by the same import service as the command.

The service works on the app's current models, not on this migration's historical ones, so that
the reference data goes through exactly the validation, versions and audit log that a later
`hemis import-treaty-status` does (docs/decisions/0018).
"""

from django.db import migrations


def load(apps, schema_editor):
    from hemis.treaties.imports import import_reference_file

    report = import_reference_file()
    if report.errors:
        raise RuntimeError("\n".join(str(problem) for problem in report.errors))


class Migration(migrations.Migration):
    dependencies = [
        ("treaties", "0002_instruments"),
        ("core", "0004_languages"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
