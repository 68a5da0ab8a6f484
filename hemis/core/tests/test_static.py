"""The static files collect as production serves them: hashed names, every reference resolved."""

from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production's whitenoise storage is this one plus compression, which takes a minute here.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


def test_collectstatic_resolves_every_reference_with_the_production_storage(tmp_path):
    # `make demo` and a deployment run collectstatic with the manifest storage, which fails on a
    # file that a stylesheet or script names (a source map, a font) and that is not there.
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGE):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/vega-lite.min.js.map" in manifest
    assert "hemis/charts.js" in manifest
