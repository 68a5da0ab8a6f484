"""`hemis demo`: prepare the embedded database with reference and demo data, then serve."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, load reference and demo data, print the demo sign-ins and serve hemis."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Prepare only; do not serve.")
        parser.add_argument("--port", type=int, default=None)

    def handle(self, *args, no_serve=False, port=None, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_demo_data", stdout=self.stdout)
        if not no_serve:
            serve_options = {"port": port} if port else {}
            call_command("serve", **serve_options)
