import datetime as dt

import pytest
from django.utils import translation

from hemis.core.models import MemberState, Subregion, ThematicArea

pytestmark = pytest.mark.django_db


def test_it_holds_the_35_oas_member_states_with_both_iso_codes():
    assert MemberState.objects.count() == 35
    jamaica = MemberState.objects.get(iso3="JAM")
    assert jamaica.iso2 == "JM"
    assert jamaica.subregion.code == "caribbean"


def test_guyana_and_suriname_count_as_caribbean():
    codes = set(
        MemberState.objects.filter(subregion__code="caribbean").values_list("iso3", flat=True)
    )
    assert {"GUY", "SUR"} <= codes


def test_nicaragua_took_part_until_its_withdrawal_took_effect():
    nicaragua = MemberState.objects.get(iso3="NIC")
    assert nicaragua.is_participating(dt.date(2023, 11, 18))
    assert not nicaragua.is_participating(dt.date(2023, 11, 19))
    assert "2023" in nicaragua.participations.get().note


def test_cuba_has_not_taken_part_since_1962():
    cuba = MemberState.objects.get(iso3="CUB")
    assert cuba.is_participating(dt.date(1961, 12, 31))
    assert not cuba.is_participating(dt.date(1962, 1, 31))
    assert not cuba.is_participating()


def test_33_states_take_part_today():
    assert sum(s.is_participating() for s in MemberState.objects.all()) == 33


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "Trinidad and Tobago"),
        ("es", "Trinidad y Tobago"),
        ("fr", "Trinité-et-Tobago"),
        ("pt", "Trinidad e Tobago"),
    ],
)
def test_state_names_come_localized_from_the_cldr(language, name):
    state = MemberState.objects.get(iso3="TTO")
    assert state.name_in(language) == name
    with translation.override(language):
        assert state.name == name


def test_there_are_four_subregions_named_in_four_languages():
    caribbean = Subregion.objects.get(code="caribbean")
    assert Subregion.objects.count() == 4
    assert (caribbean.name_es, caribbean.name_fr, caribbean.name_pt) == (
        "Caribe",
        "Caraïbes",
        "Caribe",
    )


def test_the_plan_of_action_has_twelve_thematic_areas_each_in_four_languages():
    areas = ThematicArea.objects.all()
    assert {a.code for a in areas} == {
        "drugs",
        "firearms",
        "money_laundering",
        "trafficking_in_persons",
        "smuggling_of_migrants",
        "cybercrime",
        "corruption",
        "kidnapping",
        "gangs",
        "wildlife",
        "cultural_property",
        "terrorism",
    }
    for area in areas:
        assert all([area.name_en, area.name_es, area.name_fr, area.name_pt]), area.code
    with translation.override("fr"):
        assert (
            ThematicArea.objects.get(code="trafficking_in_persons").name == "Traite des personnes"
        )
