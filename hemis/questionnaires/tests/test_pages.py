import pytest

from hemis.conftest import signed_in
from hemis.questionnaires import services
from hemis.questionnaires.models import Answer, Reply
from hemis.questionnaires.tests.conftest import COMPLETE

pytestmark = pytest.mark.django_db

BASE = "/en/questionnaires/small-2026"
JAM = f"{BASE}/JAM"


def autosave(client, code, data, *, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(f"{JAM}/answers/{code}/", data, **headers)


@pytest.mark.parametrize(
    ("persona", "index", "campaign_page", "reply_page", "edit_page"),
    [
        ("admin", 200, 200, 200, 404),
        ("analyst", 200, 200, 200, 404),
        ("coordinator_a", 200, 200, 302, 200),
        ("contributor_a", 200, 200, 302, 200),
        ("coordinator_b", 200, 200, 404, 404),
        ("delegation_reader", 200, 200, 404, 404),
        ("anonymous", 302, 302, 302, 302),
    ],
)
def test_each_role_reaches_the_pages_it_may(
    campaign, reply_a, personas, persona, index, campaign_page, reply_page, edit_page
):
    client = signed_in(personas[persona])
    assert client.get("/en/questionnaires/").status_code == index
    assert client.get(f"{BASE}/").status_code == campaign_page
    assert client.get(f"{JAM}/").status_code == reply_page
    assert client.get(f"{JAM}/edit/").status_code == edit_page


def test_the_edit_page_shows_every_kind_and_hides_questions_whose_condition_fails(
    campaign, coordinator_a
):
    page = signed_in(coordinator_a).get(f"{JAM}/edit/").content.decode()
    for code in ("A1", "B1", "B2", "B3", "B4", "B6", "B7"):
        assert f'id="q-{code}"' in page
    assert 'id="q-A2" data-code="A2" data-kind="date" data-show-if=' in page
    # PostgreSQL's jsonb keeps its own key order, so look for each key on its own.
    assert "&quot;question&quot;: &quot;A1&quot;" in page
    assert "&quot;operator&quot;: &quot;in&quot;" in page
    assert page.count(" hidden>") >= 3  # A2, A3 and B5 wait for their conditions


def test_an_answer_is_saved_as_it_is_entered(campaign, coordinator_a):
    client = signed_in(coordinator_a)
    response = autosave(client, "B2", {"base_version": 0, "value": "12", "provisional": "on"})
    assert response.status_code == 200
    assert 'id="base-B2" hx-swap-oob="true"' in response.content.decode()
    answer = Answer.objects.get(question__code="B2")
    assert (answer.value, answer.provisional) == (12, True)


def test_a_table_and_legal_references_are_read_from_their_fields(campaign, coordinator_a):
    client = signed_in(coordinator_a)
    autosave(client, "B6", {"base_version": 0, "cell:y2024:sent": "4", "cell:y2024:granted": "yes"})
    autosave(
        client,
        "B7",
        {"base_version": 1, "references": "3", "ref-0-title": "Ley 9", "ref-0-article": "2"},
    )
    values = dict(Answer.objects.values_list("question__code", "value"))
    assert values["B6"] == {"y2024": {"sent": 4, "granted": "yes"}}
    assert values["B7"] == [{"title": "Ley 9", "article": "2", "url": ""}]


def test_an_invalid_answer_comes_back_with_the_message_and_what_was_typed(campaign, coordinator_a):
    response = autosave(signed_in(coordinator_a), "B2", {"base_version": 0, "value": "-3"})
    page = response.content.decode()
    assert response["HX-Retarget"] == "#q-B2"
    assert "Enter a number of at least 0." in page
    assert 'value="-3"' in page
    assert not Answer.objects.exists()


def test_two_people_changing_the_same_answer_see_both_values_and_choose(
    campaign, coordinator_a, contributor_a
):
    first, second = signed_in(coordinator_a), signed_in(contributor_a)
    autosave(first, "B4", {"base_version": 0, "value": "Unit of the coordinator"})
    response = autosave(second, "B4", {"base_version": 0, "value": "Unit of the contributor"})
    page = response.content.decode()
    assert "Someone else saved a different answer" in page
    assert "Unit of the coordinator" in page  # theirs
    assert 'value="Unit of the contributor"' in page  # mine, still in the field
    assert Answer.objects.get(question__code="B4").value == "Unit of the coordinator"
    # "Keep my answer" sends the fields again from the version shown with the conflict.
    autosave(second, "B4", {"base_version": 1, "value": "Unit of the contributor"})
    assert Answer.objects.get(question__code="B4").value == "Unit of the contributor"


def test_answers_to_different_questions_merge_through_the_page(
    campaign, coordinator_a, contributor_a
):
    autosave(signed_in(coordinator_a), "A1", {"base_version": 0, "value": "yes"})
    autosave(signed_in(contributor_a), "B2", {"base_version": 0, "value": "3"})
    assert dict(Answer.objects.values_list("question__code", "value")) == {"A1": "yes", "B2": 3}


def test_submitting_with_missing_answers_lists_them_with_links(campaign, coordinator_a):
    client = signed_in(coordinator_a)
    autosave(client, "A1", {"base_version": 0, "value": "yes"})
    response = client.post(f"{JAM}/submit/", follow=True)
    page = response.content.decode()
    assert "some required answers are missing" in page
    assert 'href="#q-A2"' in page
    assert 'href="#q-B2"' in page


def test_the_coordinator_submits_and_the_secretariat_returns_with_comments(
    campaign, reply_a, coordinator_a, analyst
):
    services.reply_save_answers(
        reply=reply_a, actor=coordinator_a, answers=COMPLETE, base_version=0
    )
    response = signed_in(coordinator_a).post(f"{JAM}/submit/", follow=True)
    assert "Reply submitted." in response.content.decode()
    review = signed_in(analyst).post(
        f"{JAM}/review/",
        {"decision": "return", "comment-B2": "Figures for 2025, please."},
        follow=True,
    )
    assert "Reply returned" in review.content.decode()
    page = signed_in(coordinator_a).get(f"{JAM}/edit/").content.decode()
    assert "Figures for 2025, please." in page


def test_a_contributor_cannot_submit(campaign, reply_a, contributor_a):
    services.reply_save_answers(
        reply=reply_a, actor=contributor_a, answers=COMPLETE, base_version=0
    )
    assert signed_in(contributor_a).post(f"{JAM}/submit/").status_code == 404
    reply_a.refresh_from_db()
    assert reply_a.status == Reply.Status.DRAFT


def test_a_submitted_reply_says_why_it_is_locked_and_keeps_its_history(
    campaign, reply_a, coordinator_a
):
    services.reply_save_answers(
        reply=reply_a, actor=coordinator_a, answers=COMPLETE, base_version=0
    )
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    client = signed_in(coordinator_a)
    page = client.get(f"{JAM}/").content.decode()
    assert "coordinator can reopen it" in page
    client.post(f"{JAM}/reopen/")
    autosave(client, "B2", {"base_version": 1, "value": "8"})
    client.post(f"{JAM}/submit/")
    history = client.get(f"{JAM}/history/").content.decode()
    assert "Revision 2" in history
    assert "Revision 1" in history
    # Each revision names who submitted it.
    assert history.count(f"Submitted by {coordinator_a.email} on ") == 2


def test_the_admin_grants_an_extension_and_the_state_sees_its_date_and_reason(
    campaign, admin, coordinator_a
):
    response = signed_in(admin).post(
        f"{BASE}/extend/",
        {"states": ["JAM"], "new_date": "2099-01-31", "reason": "Hurricane season"},
        follow=True,
    )
    assert "Extension to 2099-01-31 granted" in response.content.decode()
    page = signed_in(coordinator_a).get(f"{BASE}/").content.decode()
    assert "2099-01-31" in page
    assert "Hurricane season" in page


def test_an_extension_without_a_reason_is_refused_with_a_message(campaign, admin):
    response = signed_in(admin).post(
        f"{BASE}/extend/", {"states": ["JAM"], "new_date": "2099-01-31", "reason": ""}, follow=True
    )
    assert "Give the reason for the extension." in response.content.decode()


def test_a_shared_reply_is_seen_by_a_delegation_reader_only_once_shared(
    campaign, reply_a, coordinator_a, delegation_reader
):
    services.reply_save_answers(
        reply=reply_a, actor=coordinator_a, answers=COMPLETE, base_version=0
    )
    services.reply_submit(reply=reply_a, actor=coordinator_a)
    reader = signed_in(delegation_reader)
    assert reader.get(f"{JAM}/").status_code == 404
    signed_in(coordinator_a).post(f"{JAM}/share/", {"shared": "1"})
    page = reader.get(f"{JAM}/").content.decode()
    assert "You see the reply as submitted" in page
    assert reader.get(f"{JAM}/history/").status_code == 404
