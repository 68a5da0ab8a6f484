"""What every `hemis import-…` command shares: read the file, check it all, write all or none.

A command names the file it takes, says how to import it (`run`) and, if it has more to tell
than the summary, what to add (`details`). `--dry-run` checks and reports without writing;
`--actor` names the Secretariat user the changes are recorded under.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hemis.accounts import policy
from hemis.accounts.models import Role, User


class ImportCommand(BaseCommand):
    file_help = "The .csv (UTF-8) or .xlsx file."
    may_import = staticmethod(policy.can_write_reference_data)

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without writing anything.",
        )
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="The Secretariat user the changes are recorded under "
            "(default: the first active Secretariat administrator).",
        )

    def run(self, *, actor: User, path: Path, content: bytes, dry_run: bool) -> Any:
        """The import's report: `errors`, `summary()`."""
        raise NotImplementedError

    def details(self, report: Any) -> Iterable[str]:
        """Lines to print after the summary."""
        return ()

    def handle(self, *args, file, dry_run=False, actor=None, **options):
        user = self._actor(actor)
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s.") % {"file": file, "reason": error.strerror}
            ) from error
        report = self.run(actor=user, path=path, content=content, dry_run=dry_run)
        if report.errors:
            lines = [_("%(file)s was not imported; nothing was written.") % {"file": file}]
            lines += [str(problem) for problem in report.errors]
            raise CommandError("\n".join(lines))
        if dry_run:
            message = _("Dry run, nothing was written. Importing %(file)s would give: %(summary)s.")
        else:
            message = _("Imported %(file)s: %(summary)s.")
        self.stdout.write(message % {"file": file, "summary": report.summary()})
        for line in self.details(report):
            self.stdout.write(line)

    def _actor(self, email: str | None) -> User:
        if email:
            user = User.objects.filter(
                email=User.objects.normalize_email(email), is_active=True
            ).first()
            if user is None or not self.may_import(user):
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
