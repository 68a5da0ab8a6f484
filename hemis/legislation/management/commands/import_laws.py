"""`hemis import-laws FILE`: load laws and provisions from CSV or XLSX, all rows or none."""

from hemis.core.import_command import ImportCommand
from hemis.legislation import imports


class Command(ImportCommand):
    help = (
        "Import laws and their provisions from a CSV or XLSX file (columns in "
        "docs/legislation-import.md). Every row is checked first; if any is wrong, nothing is "
        "written."
    )

    def run(self, *, actor, path, content, dry_run):
        return imports.import_file(actor=actor, name=path.name, content=content, dry_run=dry_run)
