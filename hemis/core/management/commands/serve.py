"""`hemis serve`: the production server (gunicorn; static files served by whitenoise)."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve hemis with gunicorn (static files through whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "0"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", "1"))
        )

    def handle(self, *args, host, port, workers, threads, **options):
        workers = workers or ((os.cpu_count() or 1) + 1)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "hemis.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            # Filtered PDF exports of large regions render in the request.
            "--timeout",
            os.environ.get("GUNICORN_TIMEOUT", "120"),
            # Each server gets no shared control socket (several may run on one machine).
            "--no-control-socket",
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        self.stdout.write(f"hemis is served at http://{host}:{port}/ (Ctrl+C stops it)")
        self.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606  (replaces this process with gunicorn)
