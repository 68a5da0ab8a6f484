"""bench.settings for the directory benchmark, with static files collected leniently.

The vendored front-end files (built by `npm run build`, not part of the directory) may name a
source map that is not copied, and Django's manifest storage then refuses to collect static
files at all. Source maps serve no page, so this storage does not follow their references.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

from bench.settings import *  # noqa: F403
from bench.settings import STORAGES


class WithoutSourceMaps(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (extension, tuple(p for p in found if "sourceMappingURL" not in str(p)))
        for extension, found in CompressedManifestStaticFilesStorage.patterns
    )


STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "bench.directory_settings.WithoutSourceMaps"}}
