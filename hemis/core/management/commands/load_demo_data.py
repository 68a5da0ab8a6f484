"""Load each app's demo data (its `demo.load()`), idempotently."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data of every hemis app; running it again changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("hemis."):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(stdout=self.stdout)
