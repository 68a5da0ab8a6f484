"""`hemis import-contacts FILE`: load a CSV or XLSX contact list, all rows or none."""

from django.utils.translation import gettext as _

from hemis.accounts import policy
from hemis.core.import_command import ImportCommand
from hemis.directory import imports


class Command(ImportCommand):
    help = (
        "Import contact points from a CSV or XLSX list (columns in docs/directory-import.md). "
        "Every row is checked first; if any is wrong, nothing is written."
    )
    may_import = staticmethod(policy.is_secretariat)

    def run(self, *, actor, path, content, dry_run):
        return imports.import_file(actor=actor, name=path.name, content=content, dry_run=dry_run)

    def details(self, report):
        return [_("New authority: %(name)s") % {"name": name} for name in report.new_authorities]
