"""No form post is a server error: property-based (Hypothesis).

Each form page is read first, and its own field names (from the page's HTML) get huge and
negative numbers, long texts, text no database stores and lists, with unknown fields beside
them. A refused post writes nothing that a valid one would not.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hemis.conftest import signed_in
from hemis.directory import services as directory_services
from hemis.directory.tests.conftest import contact_data
from hemis.legislation.tests.conftest import CORPUS, make_law
from hemis.testing.properties import VALUES, examples

pytestmark = pytest.mark.django_db

FORM_PAGES = [
    "/en/directory/states/JAM/contacts/new/",
    "/en/directory/states/JAM/authorities/new/",
    "/en/directory/contacts/{contact}/edit/",
    "/en/directory/contacts/{contact}/replace/",
    "/en/directory/authorities/{authority}/edit/",
    "/en/treaties/UNTOC/JAM/edit/",
    "/en/laws/new/",
    "/en/laws/{law}/edit/",
    "/en/laws/{law}/provisions/new/",
    "/en/accounts/profile/",
    "/en/accounts/users/invite/",
    "/en/audit/",
]


@pytest.fixture
def objects(admin, state_a):
    contact = directory_services.contact_create(actor=admin, state=state_a, data=contact_data())
    authority = directory_services.authority_create(
        actor=admin, state=state_a, data={"name": "Ministry", "kind": "ministry"}
    )
    law = make_law(admin, next(iter(CORPUS)))
    return {"contact": contact.public_id, "authority": authority.public_id, "law": law.public_id}


@pytest.fixture
def client(admin):
    return signed_in(admin)


# The field names of each form page, read from the page the first time.
FIELDS: dict[str, list[str]] = {}


def field_names(page: str) -> list[str]:
    names = re.findall(r'name="([^"]+)"', page)
    return sorted({name for name in names if name != "csrfmiddlewaretoken"})


FORMS = st.tuples(
    st.lists(VALUES, min_size=1, max_size=3),  # a field may be sent several times
    st.dictionaries(st.text(min_size=1, max_size=10), VALUES, max_size=3),
)


def encodable(value: str) -> str:
    # A form post is UTF-8: a surrogate cannot be sent, the browser replaces it.
    return value.encode("utf-8", "replace").decode("utf-8")


@pytest.mark.parametrize("template", FORM_PAGES)
@examples(6)
@given(form=FORMS)
def test_no_form_post_is_a_server_error(client, objects, template, form):
    path = template.format(**objects)
    if template not in FIELDS:
        page = client.get(path)
        assert page.status_code == 200, path
        FIELDS[template] = field_names(page.content.decode())
    values, extra = form
    data: dict[str, list[str]] = {name: [encodable(v) for v in values] for name in FIELDS[template]}
    data.update({encodable(k): [encodable(v)] for k, v in extra.items()})
    response = client.post(path, data)
    assert response.status_code < 500, (path, data, response.status_code)
