"""System checks: a misconfiguration is reported with an id before the first request."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

MISSING_KEY = "hemis-missing-secret-key"


@register()
def check_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY == MISSING_KEY:
        return [
            Error(
                "SECRET_KEY is not set.",
                hint="Set SECRET_KEY or SECRET_KEY_FILE in the environment.",
                id="hemis.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs):
    problems = []
    if settings.SECRET_KEY.startswith("hemis-insecure"):
        problems.append(
            Error(
                "SECRET_KEY is the development key.",
                hint="Set SECRET_KEY or SECRET_KEY_FILE in the environment.",
                id="hemis.E003",
            )
        )
    if getattr(settings, "USES_DEMO_KEY", False):
        problems.append(
            Warning(
                f"SECRET_KEY is the demo's generated key ({settings.DEMO_KEY_FILE}).",
                hint="Set SECRET_KEY or SECRET_KEY_FILE: the demo's key is for the demo database.",
                id="hemis.W002",
            )
        )
    if settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend")):
        problems.append(
            Warning(
                "E-mail is printed to the console, not sent.",
                hint="Set EMAIL_URL, for example smtp+tls://user:password@host:587.",
                id="hemis.W001",
            )
        )
    return problems


@register()
def check_database_engine(app_configs, **kwargs):
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine not in (
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    ):
        return [
            Error(
                f"Unsupported database engine {engine}.",
                hint="DATABASE_URL must start with sqlite:// or postgres://.",
                id="hemis.E002",
            )
        ]
    return []
