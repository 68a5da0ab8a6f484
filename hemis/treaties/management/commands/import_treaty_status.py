"""`hemis import-treaty-status FILE.csv`: load a treaty status file, all rows or none."""

from django.utils.translation import gettext as _

from hemis.core.import_command import ImportCommand
from hemis.treaties import imports


class Command(ImportCommand):
    help = (
        "Import treaty status records from a CSV file in the format of "
        "hemis/treaties/data/treaty_status.csv (columns in docs/treaties.md). Every row is "
        "checked first; if any is wrong, nothing is written. Re-importing the same file changes "
        "nothing."
    )
    file_help = "The .csv file (UTF-8)."

    def run(self, *, actor, path, content, dry_run):
        return imports.import_status(actor=actor, content=content, dry_run=dry_run)

    def details(self, report):
        return [
            _("Line %(line)s: %(change)s") % {"line": change.line, "change": change}
            for change in report.changes
        ]
