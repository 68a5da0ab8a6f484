"""Settings for benchmarks: hemis's own, plus a URL for the framework's ceiling (bench/urls.py)."""

from hemis.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
