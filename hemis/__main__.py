"""The `hemis` command: Django's management commands plus hemis's own (demo, serve, token …)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemis.settings")
    args = sys.argv[1:]
    if args[:1] == ["demo"]:
        os.environ.setdefault("HEMIS_DEMO", "true")
    if args and not args[0].startswith("-"):
        # `hemis import-contacts` runs the management command `import_contacts`.
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hemis", *args])


if __name__ == "__main__":
    main()
