from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hemis.accounts import services
from hemis.conftest import PASSWORD, signed_in

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/sign-in/"


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_a_wrong_password_gets_a_clear_message_and_no_session(analyst):
    response = sign_in(Client(), analyst.email, "not the password")
    assert response.status_code == 200
    assert "The e-mail address or password is not correct." in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_an_analyst_signs_in_with_email_and_password(analyst):
    client = Client()
    response = sign_in(client, analyst.email.upper())
    assert response.status_code == 302
    assert client.get("/en/accounts/profile/").status_code == 200


def test_sign_in_is_locked_after_five_failures_for_that_account(analyst):
    client = Client()
    for _ in range(5):
        sign_in(client, analyst.email, "wrong password")
    response = sign_in(client, analyst.email)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_sign_in_is_locked_per_address_across_accounts(analyst, admin, contributor_a):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(5):
        sign_in(client, f"nobody{i}@example.org", "wrong password")
    assert sign_in(client, contributor_a.email).status_code == 429
    # Another address is not affected.
    assert sign_in(Client(REMOTE_ADDR="203.0.113.10"), contributor_a.email).status_code == 302


def test_a_coordinator_without_an_authenticator_is_sent_to_set_one_up(coordinator_a):
    client = Client()
    sign_in(client, coordinator_a.email)
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/two-factor/setup/"


def test_setting_up_two_factor_confirms_the_device_and_shows_ten_recovery_codes(coordinator_a):
    client = Client()
    sign_in(client, coordinator_a.email)
    page = client.get("/en/accounts/two-factor/setup/")
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=coordinator_a, confirmed=False)
    response = client.post("/en/accounts/two-factor/setup/", {"code": current_code(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert len(response.context["codes"]) == 10
    assert client.get("/en/accounts/profile/").status_code == 200


def test_a_wrong_setup_code_is_refused_with_a_message(coordinator_a):
    client = Client()
    sign_in(client, coordinator_a.email)
    client.get("/en/accounts/two-factor/setup/")
    response = client.post("/en/accounts/two-factor/setup/", {"code": "000000"})
    assert str(services.ERR_BAD_CODE) in response.content.decode()
    assert not TOTPDevice.objects.filter(user=coordinator_a, confirmed=True).exists()


def test_a_user_with_an_authenticator_must_enter_its_code(coordinator_a):
    device = TOTPDevice.objects.create(user=coordinator_a, name="phone", confirmed=True)
    client = Client()
    sign_in(client, coordinator_a.email)
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/two-factor/?next=/en/accounts/profile/")
    wrong = client.post("/en/accounts/two-factor/", {"code": "123456"})
    assert str(services.ERR_BAD_CODE) in wrong.content.decode()
    # django-otp throttles a device after a failure: the next try waits a moment.
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        right = client.post(
            "/en/accounts/two-factor/",
            {"code": current_code(device), "next": "/en/accounts/profile/"},
        )
    assert right["Location"] == "/en/accounts/profile/"
    assert client.get("/en/accounts/profile/").status_code == 200


def test_a_recovery_code_signs_in_once(coordinator_a):
    TOTPDevice.objects.create(user=coordinator_a, name="phone", confirmed=True)
    codes = services.recovery_codes_regenerate(actor=coordinator_a)
    first = Client()
    sign_in(first, coordinator_a.email)
    assert first.post("/en/accounts/two-factor/", {"code": codes[0]}).status_code == 302
    assert first.get("/en/accounts/profile/").status_code == 200
    second = Client()
    sign_in(second, coordinator_a.email)
    response = second.post("/en/accounts/two-factor/", {"code": codes[0]})
    assert response.status_code == 200
    assert StaticDevice.objects.get(user=coordinator_a).token_set.count() == 9


def test_the_verify_page_does_not_redirect_to_another_site(coordinator_a):
    device = TOTPDevice.objects.create(user=coordinator_a, name="phone", confirmed=True)
    client = Client()
    sign_in(client, coordinator_a.email)
    response = client.post(
        "/en/accounts/two-factor/", {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/en/"


def test_sessions_expire_after_inactivity(settings, analyst):
    client = signed_in(analyst)
    client.get("/en/")
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_passwords_are_hashed_with_argon2(settings, analyst):
    from hemis import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    analyst.set_password(PASSWORD)
    assert analyst.password.startswith("argon2$")
    assert analyst.check_password(PASSWORD)


def test_password_reset_sends_a_link_that_sets_a_new_password(analyst):
    client = Client()
    response = client.post("/en/accounts/password/reset/", {"email": analyst.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    new_password = "a brand new passphrase 42"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    analyst.refresh_from_db()
    assert analyst.check_password(new_password)


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same():
    response = Client().post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_after_sign_in_the_interface_speaks_the_users_preferred_language(analyst):
    analyst.preferred_language = "fr"
    analyst.save()
    response = Client().post(
        LOGIN, {"username": analyst.email, "password": PASSWORD, "next": "/en/states/JAM/"}
    )
    assert response["Location"] == "/fr/states/JAM/"
    assert response.cookies["django_language"].value == "fr"


def test_a_coordinator_is_asked_for_the_code_before_even_the_home_page(coordinator_a):
    TOTPDevice.objects.create(user=coordinator_a, name="phone", confirmed=True)
    client = Client()
    sign_in(client, coordinator_a.email)
    response = client.get("/en/")
    assert response["Location"].startswith("/en/accounts/two-factor/")


def test_a_password_reset_lifts_a_sign_in_lockout(analyst):
    client = Client()
    for _ in range(5):
        sign_in(client, analyst.email, "wrong password")
    assert sign_in(client, analyst.email).status_code == 429
    client.post("/en/accounts/password/reset/", {"email": analyst.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    form_page = client.get(link.split("testserver", 1)[1], follow=True)
    new_password = "a brand new passphrase 42"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert sign_in(Client(), analyst.email, new_password).status_code == 302


def test_the_lockout_page_says_how_long_to_wait(settings, analyst):
    from datetime import timedelta

    settings.AXES_COOLOFF_TIME = timedelta(minutes=42)
    client = Client()
    for _ in range(5):
        sign_in(client, analyst.email, "wrong password")
    assert "Wait 42 minutes" in sign_in(client, analyst.email).content.decode()


def test_until_the_code_is_entered_the_menu_offers_only_sign_out(coordinator_a):
    TOTPDevice.objects.create(user=coordinator_a, name="phone", confirmed=True)
    client = Client()
    sign_in(client, coordinator_a.email)
    page = client.get("/en/accounts/two-factor/").content.decode()
    assert "Sign out" in page
    assert "/en/accounts/users/" not in page and "/en/accounts/profile/" not in page
