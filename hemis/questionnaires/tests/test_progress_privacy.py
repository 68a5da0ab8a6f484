"""Other states' officials see only whether a reply was submitted, never where its draft stands.

The demo campaign has drafts (Belize), a reply returned for changes (Jamaica), submitted replies
(Argentina) and states that have not started; Mexico's coordinator looks at them.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from hemis.accounts import services as account_services
from hemis.accounts.models import User
from hemis.conftest import signed_in

pytestmark = pytest.mark.django_db

CAMPAIGN = "poa-2026"
DRAFT_WORDS = ("Draft", "Not started", "Returned for changes", "Validated")


@pytest.fixture
def demo(db):
    call_command("load_demo_data", stdout=io.StringIO())


def person(email: str) -> Client:
    return signed_in(User.objects.get(email=email))


def statuses(html: str) -> dict[str, str]:
    """Each row's state name and status label on the campaign page."""
    rows = re.findall(
        r'<th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th>.*?'
        r'<span class="status status-[a-z_]+">([^<]*)</span>',
        html,
        re.S,
    )
    return dict(rows)


def test_another_states_coordinator_sees_only_submitted_or_not_on_the_campaign_page(demo):
    html = person("coordinator.mex@example.org").get(f"/en/questionnaires/{CAMPAIGN}/").content
    shown = statuses(html.decode())
    assert shown["Belize"] == "Not submitted"
    assert shown["Jamaica"] == "Submitted"  # returned for changes, but it was submitted
    assert shown["Argentina"] == "Submitted"
    assert shown["Dominica"] == "Not submitted"
    assert set(shown.values()) <= {"Submitted", "Not submitted"}


def test_the_secretariat_and_the_states_own_editors_still_see_the_drafts_progress(demo):
    secretariat = statuses(
        person("analyst@example.org").get(f"/en/questionnaires/{CAMPAIGN}/").content.decode()
    )
    assert secretariat["Belize"] == "Draft"
    assert secretariat["Jamaica"] == "Returned for changes"
    own = statuses(
        person("contributor.blz@example.org")
        .get(f"/en/questionnaires/{CAMPAIGN}/")
        .content.decode()
    )
    assert own["Belize"] == "Draft"
    assert own["Jamaica"] == "Submitted"


def test_the_state_page_panel_shows_another_state_only_whether_it_submitted(demo):
    html = person("coordinator.mex@example.org").get("/en/states/BLZ/").content.decode()
    panel = html[html.index('id="questionnaires-panel-title"') :]
    assert "Not submitted" in panel
    assert not any(word in panel[: panel.index("</section>")] for word in DRAFT_WORDS)
    own = person("coordinator.blz@example.org").get("/en/states/BLZ/").content.decode()
    assert "Draft" in own[own.index('id="questionnaires-panel-title"') :]


def test_a_shared_reply_that_was_returned_shows_other_states_only_that_it_was_submitted(demo):
    html = (
        person("delegation.mex@example.org")
        .get(f"/en/questionnaires/{CAMPAIGN}/JAM/?view=1")
        .content.decode()
    )
    header = html[html.index('<p class="lead">') :]
    header = header[: header.index("</p>")]
    assert "Submitted" in header and "Returned for changes" not in header


def test_the_api_gives_other_states_only_submitted_or_not_submitted(demo):
    _, key = account_services.api_token_create(
        actor=User.objects.get(email="coordinator.mex@example.org"), name="test"
    )
    api = Client(headers={"authorization": f"Bearer {key}"})
    rows = {r["state"]: r["status"] for r in api.get(f"/api/v1/campaigns/{CAMPAIGN}/states").json()}
    assert rows["BLZ"] == "not_submitted" and rows["JAM"] == "submitted"
    assert set(rows.values()) - {rows["MEX"]} <= {"submitted", "not_submitted"}
    assert api.get(f"/api/v1/campaigns/{CAMPAIGN}/replies/JAM").json()["status"] == "submitted"
