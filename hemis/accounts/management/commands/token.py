"""`hemis token EMAIL`: create an API token for a user; the token is alone on the last line."""

from django.core.management.base import BaseCommand, CommandError

from hemis.accounts import services
from hemis.accounts.models import User, normalize_email


class Command(BaseCommand):
    help = "Create an API token for the user with this e-mail and print it on the last line."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, email, name, **options):
        user = User.objects.filter(email=normalize_email(email), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user has the e-mail address {email}.")
        token, key = services.api_token_create(actor=user, name=name)
        self.stderr.write(f"API token “{token.name}” for {user.email} ({user.role}):")
        self.stdout.write(key)
