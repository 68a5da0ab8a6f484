"""`hemis import-laws FILE`: load laws and provisions from CSV or XLSX, all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hemis.accounts import policy
from hemis.accounts.models import Role, User
from hemis.legislation import imports


class Command(BaseCommand):
    help = (
        "Import laws and their provisions from a CSV or XLSX file (columns in "
        "docs/legislation-import.md). "
        "Every row is checked first; if any is wrong, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without writing anything.",
        )
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="The Secretariat user the changes are recorded under in the audit log "
            "(default: the first active Secretariat administrator).",
        )

    def handle(self, *args, file, dry_run=False, actor=None, **options):
        user = self._actor(actor)
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s.") % {"file": file, "reason": error.strerror}
            ) from error
        report = imports.import_file(actor=user, name=path.name, content=content, dry_run=dry_run)
        if report.errors:
            lines = [_("%(file)s was not imported; nothing was written.") % {"file": file}]
            lines += [str(problem) for problem in report.errors]
            raise CommandError("\n".join(lines))
        if dry_run:
            message = _("Dry run, nothing was written. Importing %(file)s would give: %(summary)s.")
        else:
            message = _("Imported %(file)s: %(summary)s.")
        self.stdout.write(message % {"file": file, "summary": report.summary()})

    @staticmethod
    def _actor(email):
        if email:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None or not policy.is_secretariat(user):
                raise CommandError(
                    _("%(email)s is not an active Secretariat user.") % {"email": email}
                )
            return user
        user = (
            User.objects.filter(role=Role.SECRETARIAT_ADMIN, is_active=True)
            .order_by("date_joined", "pk")
            .first()
        )
        if user is None:
            raise CommandError(
                _(
                    "There is no active Secretariat administrator: create one with `hemis "
                    "createadmin`, or name a Secretariat user with --actor."
                )
            )
        return user
