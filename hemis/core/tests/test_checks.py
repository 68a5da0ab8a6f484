from django.core.checks import run_checks

from hemis.core.checks import MISSING_KEY


def ids(**kwargs):
    return {message.id for message in run_checks(**kwargs)}


def test_a_missing_secret_key_is_reported_as_hemis_e001(settings):
    settings.SECRET_KEY = MISSING_KEY
    assert "hemis.E001" in ids()


def test_the_development_key_is_refused_in_deployment(settings):
    settings.SECRET_KEY = "hemis-insecure-development-key-not-for-production-use-0123456789"
    assert "hemis.E003" in ids(include_deployment_checks=True)


def test_console_email_in_deployment_is_a_warning(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert "hemis.W001" in ids(include_deployment_checks=True)


def test_an_unsupported_database_is_reported_as_hemis_e002():
    from unittest import mock

    from django.conf import settings

    from hemis.core.checks import check_database_engine

    with mock.patch.dict(settings.DATABASES["default"], ENGINE="x.mysql"):
        assert [m.id for m in check_database_engine(None)] == ["hemis.E002"]


def test_the_demos_key_outside_the_demo_is_a_warning_in_deployment(settings):
    settings.USES_DEMO_KEY = True
    assert "hemis.W002" in ids(include_deployment_checks=True)
