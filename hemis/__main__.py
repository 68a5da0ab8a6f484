"""The `hemis` command: Django's management commands plus hemis's own (demo, serve, token …)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemis.settings")
    if sys.argv[1:2] == ["demo"]:
        os.environ.setdefault("HEMIS_DEMO", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hemis", *sys.argv[1:]])


if __name__ == "__main__":
    main()
