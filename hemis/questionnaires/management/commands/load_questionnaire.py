"""`hemis load-questionnaire FILE [--publish] [--check]`: load a questionnaire definition."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hemis.accounts.actors import SYSTEM
from hemis.questionnaires import definitions, services


class Command(BaseCommand):
    help = (
        "Load a questionnaire definition (YAML, see docs/questionnaire-format.md). A file that "
        "breaks a rule is refused with every problem named; nothing is written then."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--publish", action="store_true", help="publish the version loaded")
        parser.add_argument("--check", action="store_true", help="check the file, write nothing")

    def handle(self, *args, file: Path, publish: bool, check: bool, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        try:
            definition = definitions.parse(text)
        except definitions.DefinitionError as error:
            raise CommandError(
                f"{file} was not loaded:\n" + "\n".join(f"  {p}" for p in error.problems)
            ) from error
        count = sum(len(s["questions"]) for s in definition["sections"])
        label = f"{definition['code']} version {definition['version']}"
        if check:
            self.stdout.write(f"{file}: {label} is valid ({count} questions).")
            return
        try:
            questionnaire = services.questionnaire_load(
                actor=SYSTEM, definition=definition, publish=publish
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        state = "published" if questionnaire.is_published else "draft"
        self.stdout.write(f"Loaded {label} ({count} questions, {state}).")
