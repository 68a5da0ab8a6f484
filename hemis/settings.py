"""Settings for hemis, read from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from hemis.core import limits

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

env = environ.Env()
if (PROJECT_DIR / ".env").is_file():
    environ.Env.read_env(PROJECT_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("HEMIS_TESTING", default=False)
# The demo (`hemis demo`): production settings, but plain HTTP on localhost and a generated key.
DEMO = env.bool("HEMIS_DEMO", default=False)
DATA_DIR = Path(env.str("HEMIS_DATA_DIR", default=str(PROJECT_DIR / "var")))

_secret_file = env.str("SECRET_KEY_FILE", default="")
if _secret_file:
    SECRET_KEY = Path(_secret_file).read_text().strip()
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
# The key that `hemis demo` generates for its database in the data directory.
DEMO_KEY_FILE = DATA_DIR / "demo-secret-key"
# Set when a command in the checkout uses the demo's key (reported by `check --deploy`).
USES_DEMO_KEY = False
if not SECRET_KEY and (DEBUG or TESTING):
    SECRET_KEY = "hemis-insecure-development-key-not-for-production-use-0123456789"
elif not SECRET_KEY and DEMO:
    import secrets

    if not DEMO_KEY_FILE.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        DEMO_KEY_FILE.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = DEMO_KEY_FILE.read_text().strip()
elif not SECRET_KEY and not env.str("DATABASE_URL", default="") and DEMO_KEY_FILE.is_file():
    # A command run after `make demo` (`hemis token …`) against the demo's own SQLite database
    # uses the demo's key. A deployment names its database (DATABASE_URL) or has no demo key
    # file, and keeps being refused without a key (hemis.E001).
    SECRET_KEY = DEMO_KEY_FILE.read_text().strip()
    USES_DEMO_KEY = True
elif not SECRET_KEY:
    # Reported by the system check hemis.E001, which every command (and `hemis serve`) runs.
    SECRET_KEY = "hemis-missing-secret-key"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "hemis.core.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "csp",
    "ninja",
    "hemis.core",
    "hemis.accounts",
    "hemis.directory",
    "hemis.questionnaires",
    "hemis.treaties",
    "hemis.legislation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hemis.core.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the request: too large, or holding text no database stores.
    "hemis.core.request_input.RequestInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hemis.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hemis.urls"
WSGI_APPLICATION = "hemis.wsgi.application"
ASGI_APPLICATION = "hemis.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hemis.core.context_processors.layout",
            ],
        },
    },
]

# Storage: embedded SQLite by default (the demo, fast tests); PostgreSQL in production.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'hemis.sqlite3'}")
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sessions end after this many seconds without a request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Sign-in throttling (django-axes): locked per account and, separately, per address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# One lock per account however its address is spelt (case, surrounding space).
AXES_USERNAME_CALLABLE = "hemis.accounts.lockout.lockout_username"
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
# Trust X-Forwarded-For only when there are proxies in front; otherwise it could be forged to
# dodge the per-address limit.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "hemis"
HEMIS_INVITATION_DAYS = env.int("HEMIS_INVITATION_DAYS", default=7)
# Directory entries not confirmed for this many days are out of date; reminders go this many
# days before.
HEMIS_DIRECTORY_STALE_DAYS = env.int("HEMIS_DIRECTORY_STALE_DAYS", default=365)
HEMIS_DIRECTORY_REMINDER_DAYS = env.int("HEMIS_DIRECTORY_REMINDER_DAYS", default=30)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(PROJECT_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = DATA_DIR / "media"

# What one request may carry (hemis/core/limits.py holds every limit; RequestInputMiddleware
# refuses a larger body before it is read).
DATA_UPLOAD_MAX_MEMORY_SIZE = limits.MAX_FORM_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = limits.MAX_FORM_FIELDS
DATA_UPLOAD_MAX_NUMBER_FILES = limits.MAX_FORM_FILES
# Uploads above this size wait in a temporary file rather than in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * limits.MiB

# E-mail goes through Django's backend chosen by EMAIL_URL (console in the demo).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="hemis <no-reply@hemis.example.org>")
HEMIS_BASE_URL = env.str(
    "HEMIS_BASE_URL", default=f"http://127.0.0.1:{env.str('PORT', default='8000')}"
)

# Background work: django-tasks; the database queue in production, immediate in the demo/tests.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# HTTPS hardening; HEMIS_HTTPS=false for a plain-HTTP demo on localhost.
HTTPS = env.bool("HEMIS_HTTPS", default=not (DEBUG or TESTING or DEMO))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): every script, style, image and request from hemis itself.
# No inline script or style and no 'unsafe-eval': the charts compile Vega expressions with
# vega-interpreter instead of `Function`, and htmx runs with eval and its injected styles off
# (see base.html). Favicons and stylesheet icons may be `data:` images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}
