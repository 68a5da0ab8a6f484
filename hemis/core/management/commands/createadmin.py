"""`hemis createadmin`: create a Secretariat administrator."""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hemis.accounts.bootstrap import create_admin


class Command(BaseCommand):
    help = "Create a Secretariat administrator (password from HEMIS_ADMIN_PASSWORD or a prompt)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=False)
        parser.add_argument("--name", default="")

    def handle(self, *args, email=None, name="", **options):
        email = email or input("E-mail address: ").strip()
        password = os.environ.get("HEMIS_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        try:
            user = create_admin(email=email, password=password, full_name=name)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Created {user.email} (secretariat admin). "
            "Two-factor set-up is asked at first sign-in."
        )
