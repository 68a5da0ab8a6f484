from __future__ import annotations

from django.utils import translation
from ninja import Router, Schema

from hemis.core import selectors
from hemis.core.models import LANGUAGE_CODES

router = Router(tags=["member states"])


class MemberStateOut(Schema):
    iso3: str
    iso2: str
    name: str
    subregion: str
    participating: bool


@router.get("/member-states", response=list[MemberStateOut], summary="List the member states")
def member_states(request, lang: str = "en", subregion: str = ""):
    """Every member state; `lang` (en, es, fr, pt) chooses the language of the names."""
    language = lang if lang in LANGUAGE_CODES else "en"
    with translation.override(language):
        states = selectors.member_state_list(subregion=subregion)
        return [
            {
                "iso3": s.iso3,
                "iso2": s.iso2,
                "name": s.name_in(language),
                "subregion": s.subregion.code,
                "participating": s.is_participating(),
            }
            for s in states
        ]
