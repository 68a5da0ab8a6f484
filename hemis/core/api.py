from __future__ import annotations

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
    return selectors.member_state_rows(language=language, subregion=subregion)
