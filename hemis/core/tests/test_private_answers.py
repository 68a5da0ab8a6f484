"""Every answer to a signed-in or token request carries `Cache-Control: private, no-store`.

The walk covers every page of the URL configuration (its parameters filled with demo objects),
every export, an attachment and every API operation; anonymous public pages stay cacheable.
"""

from __future__ import annotations

import io
import re
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from hemis.accounts import services as account_services
from hemis.accounts.models import User
from hemis.conftest import signed_in
from hemis.core.middleware import PrivateCacheMiddleware, public_cacheable
from hemis.directory.models import Authority, Contact
from hemis.legislation.models import Law, Provision
from hemis.questionnaires.models import Attachment, Campaign, Question, Questionnaire, Reply
from hemis.treaties.models import Instrument

pytestmark = pytest.mark.django_db

EXPORTS = [
    "/en/accounts/users/?format=csv",
    "/en/directory/export?format=csv",
    "/en/directory/export?format=xlsx",
    "/en/laws/export.csv",
    "/en/treaties/export.xlsx",
]


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_data", stdout=io.StringIO())


def values() -> dict[str, str]:
    """A demo object for each URL parameter: Jamaica's where a state is named."""
    campaign = Campaign.objects.first()
    questionnaire = Questionnaire.objects.first()
    reply = Reply.objects.get(campaign=campaign, state__iso3="JAM")
    question = Question.objects.filter(section__questionnaire=campaign.questionnaire).first()
    attachment = Attachment.objects.create(
        reply=reply,
        question=question,
        file=ContentFile(b"evidence", name="evidence.txt"),
        name="evidence.txt",
        content_type="text/plain",
        size=8,
    )
    return {
        "campaign_code": campaign.code,
        "iso3": "JAM",
        "code": questionnaire.code,
        "version": str(questionnaire.version),
        "attachment_id": str(attachment.public_id),
        "law_id": str(Law.objects.filter(state__iso3="JAM").first().public_id),
        "provision_id": str(Provision.objects.filter(law__state__iso3="JAM").first().public_id),
        "contact_id": str(Contact.objects.filter(state__iso3="JAM").first().public_id),
        "authority_id": str(Authority.objects.filter(state__iso3="JAM").first().public_id),
        "user_id": str(User.objects.get(email="coordinator.jam@example.org").public_id),
        "format": "csv",
        "fmt": "csv",
    }


def page_paths(filled: dict[str, str]) -> list[str]:
    """Every page of the URL configuration in English, its parameters filled."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                found.append(prefix + route)

    walk(get_resolver().url_patterns, "")
    paths = []
    for route in found:
        if route.startswith(("api/", "healthz")) or "^" in route:
            continue
        route = route.replace("en/", "", 1)

        def fill(match: re.Match) -> str:
            return filled.get(match[2], str(uuid.uuid4()))

        paths.append("/en/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route))
    return paths


def test_every_page_and_export_for_a_signed_in_user_is_private_and_not_stored(demo):
    filled = values()
    paths = page_paths(filled)
    paths += [
        f"/en/questionnaires/{filled['campaign_code']}/report.{kind}"
        for kind in ("pdf", "docx", "xlsx")
    ]
    assert len(paths) > 40
    paths += EXPORTS
    admin = signed_in(User.objects.get(email="admin@example.org"))
    stored = {}
    for path in paths:
        response = admin.get(path)
        header = response.get("Cache-Control", "")
        if "private" not in header or "no-store" not in header:
            stored[path] = (response.status_code, header)
        assert "Cookie" in response.get("Vary", "")
    assert stored == {}


def test_an_attachment_a_reply_page_and_a_report_carry_the_header_for_the_states_official(demo):
    filled = values()
    coordinator = signed_in(User.objects.get(email="coordinator.jam@example.org"))
    reply = f"/en/questionnaires/{filled['campaign_code']}/JAM/"
    for path in (
        f"{reply}files/{filled['attachment_id']}",
        reply,
        f"{reply}edit/",
        f"/en/questionnaires/{filled['campaign_code']}/report.xlsx",
    ):
        response = coordinator.get(path)
        assert response.status_code in (200, 302), path  # the reply page opens the editor
        assert response["Cache-Control"] == "private, no-store", path


def test_every_api_operation_with_a_token_is_private_and_not_stored(demo):
    _, key = account_services.api_token_create(
        actor=User.objects.get(email="admin@example.org"), name="walk"
    )
    token = Client(headers={"authorization": f"Bearer {key}"})
    filled = {**values(), "law_id": str(Law.objects.first().public_id)}
    document = Client().get("/api/v1/openapi.json").json()
    stored = {}
    for template, methods in document["paths"].items():
        here = {**filled, "code": filled["campaign_code"]}
        if "/treaties/" in template:
            here["code"] = Instrument.objects.first().code
        path = template.format(**here)
        for method in methods:
            response = token.generic(method.upper(), path, "{}", content_type="application/json")
            if response.get("Cache-Control") != "private, no-store":
                stored[f"{method} {path}"] = response.get("Cache-Control")
            assert "Authorization" in response.get("Vary", "")
    assert stored == {}


def test_public_pages_for_anonymous_readers_keep_their_caching(demo):
    for path in ("/en/", "/en/laws/", "/en/treaties/", "/api/v1/member-states"):
        response = Client().get(path)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", ""), path


def test_a_view_marked_public_cacheable_keeps_its_own_caching(analyst):
    @public_cacheable
    def view(request):
        response = HttpResponse("the same for everyone")
        response["Cache-Control"] = "public, max-age=60"
        return response

    def unmarked(request):
        response = HttpResponse("mine")
        response["Cache-Control"] = "public, max-age=60"
        return response

    request = RequestFactory().get("/en/")
    request.user = analyst
    assert PrivateCacheMiddleware(view)(request)["Cache-Control"] == "public, max-age=60"
    assert PrivateCacheMiddleware(unmarked)(request)["Cache-Control"] == "private, no-store"
