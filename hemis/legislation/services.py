"""Every write to the database of laws: validated, atomic, versioned, audited and indexed.

The Secretariat enters laws that are published at once; a state coordinator proposes laws of
their own state, which the Secretariat validates (published) or rejects with a note. Every
change re-indexes the law's provisions for full-text search in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemis.accounts import policy
from hemis.core import search
from hemis.core.models import Language, MemberState, ThematicArea
from hemis.core.services import audit_record, changes_between, check_version
from hemis.legislation.models import (
    ConventionArticle,
    CrossCuttingIssue,
    Law,
    LawKind,
    LawStatus,
    Provision,
    Publication,
)

ERR_REQUIRED = _("This field is required.")
ERR_KIND = _("“%(value)s” is not a kind of law (constitution, code, law, decree, regulation).")
ERR_STATUS = _("“%(value)s” is not a status of a law (in_force, amended, repealed).")
ERR_LANGUAGE = _("“%(value)s” is not an ISO 639-1 language code (for example en, es, fr, pt).")
ERR_DATE = _("“%(value)s” is not a date written as YYYY-MM-DD.")
ERR_DATE_FUTURE = _("“%(value)s” is in the future.")
ERR_AMENDED_BEFORE_ENACTED = _("The last amendment cannot be earlier than the enactment.")
ERR_URL = _("“%(value)s” is not a valid web address.")
ERR_AREA = _("“%(value)s” is not a thematic area code.")
ERR_ARTICLE = _("“%(value)s” is not the code of a UNTOC or Protocol article (for example untoc-6).")
ERR_ISSUE = _("“%(value)s” is not the code of a cross-cutting issue.")
ERR_TOO_LONG = _("Keep this under %(limit)d characters (it has %(length)d).")
ERR_DUPLICATE_ARTICLE = _("This law already has a provision with this article reference.")
ERR_NOT_PROPOSED = _("Only a proposal awaiting validation can be validated or rejected.")
ERR_NOTE_REQUIRED = _("Say why the proposal is rejected, so that the state can correct it.")
ERR_PUBLISHED_LOCKED = _("A published law can only be changed by the Secretariat.")
ERR_FILE_TYPE = _("The full text must be a PDF, Word, OpenDocument, HTML or text file.")
ERR_FILE_SIZE = _("The full text file is larger than %(megabytes)s MB.")

LAW_FIELDS = (
    "title",
    "title_en",
    "kind",
    "enacted_on",
    "amended_on",
    "status",
    "language",
    "source_url",
    "gazette_reference",
    "full_text_url",
)
PROVISION_FIELDS = (
    "article",
    "text",
    "thematic_areas",
    "convention_articles",
    "cross_cutting_issues",
)
_CODED: dict[str, tuple[Any, Any]] = {
    "thematic_areas": (ThematicArea, ERR_AREA),
    "convention_articles": (ConventionArticle, ERR_ARTICLE),
    "cross_cutting_issues": (CrossCuttingIssue, ERR_ISSUE),
}
FILE_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".htm", ".html", ".txt", ".rtf")
MAX_FILE_BYTES = 20 * 1024 * 1024

# The publication workflow: (from, action) → to. Each edge is tested.
TRANSITIONS = {
    (Publication.PROPOSED, "validate"): Publication.PUBLISHED,
    (Publication.PROPOSED, "reject"): Publication.REJECTED,
    (Publication.REJECTED, "resubmit"): Publication.PROPOSED,
}


# Checking values


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(",", ";").split(";")
    return [str(v).strip().lower() for v in value if str(v).strip()]


def _date(value: Any, name: str, errors: dict) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            errors.setdefault(name, []).append(ERR_DATE % {"value": value})
            return None
    if value > timezone.localdate():
        errors.setdefault(name, []).append(ERR_DATE_FUTURE % {"value": value.isoformat()})
    return value


def _check_length(model, name: str, value: Any, errors: dict) -> None:
    limit = getattr(model._meta.get_field(name), "max_length", None)
    if limit and isinstance(value, str) and len(value) > limit:
        errors.setdefault(name, []).append(ERR_TOO_LONG % {"limit": limit, "length": len(value)})


def clean_law_fields(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validate and normalize a law's fields; ValidationError names every bad field."""
    errors: dict[str, list] = {}
    cleaned: dict[str, Any] = {}
    for name in LAW_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "kind":
            value = (value or "").strip().lower()
            if value not in LawKind.values:
                errors[name] = [ERR_KIND % {"value": value} if value else ERR_REQUIRED]
        elif name == "status":
            value = (value or "").strip().lower() or LawStatus.IN_FORCE
            if value not in LawStatus.values:
                errors[name] = [ERR_STATUS % {"value": value}]
        elif name == "language":
            value = (value or "").strip().lower()
            if not Language.objects.filter(code=value).exists():
                errors[name] = [ERR_LANGUAGE % {"value": value} if value else ERR_REQUIRED]
        elif name in ("enacted_on", "amended_on"):
            value = _date(value, name, errors)
        elif name in ("source_url", "full_text_url"):
            value = (value or "").strip()
            if value:
                try:
                    URLValidator(schemes=["http", "https"])(value)
                except ValidationError:
                    errors[name] = [ERR_URL % {"value": value}]
        else:
            value = " ".join((value or "").split())
        _check_length(Law, name, value, errors)
        cleaned[name] = value
    if not partial:
        for required in ("title", "kind", "language"):
            if not cleaned.get(required) and required not in errors:
                errors[required] = [ERR_REQUIRED]
    enacted, amended = cleaned.get("enacted_on"), cleaned.get("amended_on")
    if enacted and amended and amended < enacted:
        errors.setdefault("amended_on", []).append(ERR_AMENDED_BEFORE_ENACTED)
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_provision_fields(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Validate and normalize a provision's fields; ValidationError names every bad field."""
    errors: dict[str, list] = {}
    cleaned: dict[str, Any] = {}
    for name in PROVISION_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name in _CODED:
            model, message = _CODED[name]
            codes = sorted(set(_as_list(value)))
            known = set(model.objects.filter(code__in=codes).values_list("code", flat=True))
            for code in codes:
                if code not in known:
                    errors.setdefault(name, []).append(message % {"value": code})
            cleaned[name] = codes
        elif name == "text":
            cleaned[name] = "\n".join(line.rstrip() for line in (value or "").strip().splitlines())
        else:
            cleaned[name] = " ".join((value or "").split())
            _check_length(Provision, name, cleaned[name], errors)
    if not partial:
        for required in ("article", "text"):
            if not cleaned.get(required) and required not in errors:
                errors[required] = [ERR_REQUIRED]
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_file(upload: File) -> None:
    """A full-text file of an accepted type and size, or ValidationError."""
    name = (upload.name or "").lower()
    if not name.endswith(FILE_EXTENSIONS):
        raise ValidationError({"full_text_file": [ERR_FILE_TYPE]})
    if upload.size and upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            {"full_text_file": [ERR_FILE_SIZE % {"megabytes": MAX_FILE_BYTES // (1024 * 1024)}]}
        )


# Snapshots, as audit events and conflicts show them


def law_snapshot(law: Law) -> dict[str, Any]:
    values = {name: getattr(law, name) for name in LAW_FIELDS}
    for name in ("enacted_on", "amended_on"):
        values[name] = values[name].isoformat() if values[name] else None
    values["full_text_file"] = law.full_text_file.name or ""
    return values


def provision_snapshot(provision: Provision) -> dict[str, Any]:
    return {
        "article": provision.article,
        "text": provision.text,
        "thematic_areas": sorted(a.code for a in provision.thematic_areas.all()),
        "convention_articles": sorted(a.code for a in provision.convention_articles.all()),
        "cross_cutting_issues": sorted(i.code for i in provision.cross_cutting_issues.all()),
    }


def _filled(values: dict[str, Any]) -> dict[str, Any]:
    """The values a new record was given (empty fields make no history)."""
    return {name: value for name, value in values.items() if value not in ("", None, [])}


# Search index


PROVISIONS_INDEX = search.Index("legislation_provision")


def copy_search_values(law: Law) -> None:
    """Copy onto each provision of `law` what a search filters, counts and orders by."""
    Provision.objects.filter(law=law).update(
        published=law.publication == Publication.PUBLISHED,
        state_code=law.state.iso3,
        language=law.language,
        law_status=law.status,
        law_kind=law.kind,
        enacted_on=law.enacted_on,
        year=law.enacted_on.year if law.enacted_on else None,
    )


# The facet of each kind of tag, the prefix of its codes in the provision's `tag_codes`.
TAG_FACETS = {
    "thematic_areas": "area",
    "convention_articles": "article",
    "cross_cutting_issues": "issue",
}


def _set_tag_codes(provision: Provision, name: str, codes: list[str]) -> None:
    facet = TAG_FACETS[name]
    kept = [c for c in provision.tag_codes if not c.startswith(f"{facet}:")]
    provision.tag_codes = sorted([*kept, *(f"{facet}:{code}" for code in codes)])


def reindex_law(law: Law) -> None:
    """Store the search documents of every provision of `law` (its title is part of each)."""
    _laws_changed()
    copy_search_values(law)
    provisions = list(Provision.objects.filter(law=law).values_list("pk", "article", "text"))
    search.backend().store(
        PROVISIONS_INDEX,
        (
            search.Document(
                pk=pk,
                language=law.language,
                title=law.title,
                title_en=law.title_en,
                body=f"{article}\n{text}",
            )
            for pk, article, text in provisions
        ),
    )


def _laws_changed() -> None:
    """Cached searches are stale: now (for this transaction's own reads) and once it commits
    (a search cached meanwhile by another request saw the rows before the change)."""
    from hemis.legislation.selectors import search_cache_clear

    search_cache_clear()
    transaction.on_commit(search_cache_clear)


# Who may do what


def _require_writer(actor: Any, law: Law) -> None:
    """The Secretariat, or the state's coordinator for a law not yet published."""
    if policy.can_write_reference_data(actor):
        return
    if policy.can_submit_for_state(actor, law.state_id) and not law.is_published:
        return
    if policy.can_submit_for_state(actor, law.state_id):
        raise ValidationError(ERR_PUBLISHED_LOCKED, code="published")
    raise PermissionDenied


# Laws


def _attach_file(law: Law, upload: File | None) -> None:
    if upload is not None:
        check_file(upload)
        law.full_text_file.save((upload.name or "full-text").rsplit("/", 1)[-1], upload, save=False)


@transaction.atomic
def law_create(
    *,
    actor: Any,
    state: MemberState,
    data: Mapping[str, Any],
    full_text_file: File | None = None,
) -> Law:
    """A new law of `state`: published if the Secretariat enters it, else a proposal."""
    if policy.can_write_reference_data(actor):
        publication = Publication.PUBLISHED
    elif policy.can_submit_for_state(actor, state):
        publication = Publication.PROPOSED
    else:
        raise PermissionDenied
    cleaned = clean_law_fields(data)
    if full_text_file is not None:
        check_file(full_text_file)
    law = Law(state=state, publication=publication, **cleaned)
    if publication == Publication.PROPOSED:
        law.proposed_by = actor
    _attach_file(law, full_text_file)
    law.save()
    audit_record(
        actor=actor,
        action="law.create" if law.is_published else "law.propose",
        obj=law,
        changes=changes_between({}, _filled({**law_snapshot(law), "publication": publication})),
        state=state,
    )
    return law


def _locked_law(law: Law, version: int) -> Law:
    locked = Law.objects.select_for_update(of=("self",)).select_related("state").get(pk=law.pk)
    check_version(read=version, current=locked.version, values=lambda: law_snapshot(locked))
    return locked


@transaction.atomic
def law_update(
    *,
    actor: Any,
    law: Law,
    version: int,
    data: Mapping[str, Any],
    full_text_file: File | None = None,
) -> Law:
    """Change a law read at `version`; a later save by someone else raises VersionConflict.

    A rejected proposal that its state's coordinator corrects goes back to the Secretariat.
    """
    _require_writer(actor, law)
    locked = _locked_law(law, version)
    cleaned = clean_law_fields(data, partial=True)
    before = law_snapshot(locked)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    _attach_file(locked, full_text_file)
    changes = changes_between(before, law_snapshot(locked))
    resubmitted = (
        locked.publication == Publication.REJECTED
        and not policy.can_write_reference_data(actor)
        and bool(changes)
    )
    if resubmitted:
        locked.publication = TRANSITIONS[(Publication.REJECTED, "resubmit")]
        changes["publication"] = [Publication.REJECTED.value, locked.publication]
    if not changes:
        return locked
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    reindex_law(locked)
    audit_record(actor=actor, action="law.update", obj=locked, changes=changes, state=locked.state)
    return locked


def _review(actor: Any, law: Law, action: str, version: int) -> Law:
    if not policy.can_write_reference_data(actor):
        raise PermissionDenied
    locked = _locked_law(law, version)
    target = TRANSITIONS.get((Publication(locked.publication), action))
    if target is None:
        raise ValidationError(ERR_NOT_PROPOSED, code="not_proposed")
    locked.publication = target
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.version += 1
    locked.updated_at = locked.reviewed_at
    return locked


@transaction.atomic
def law_validate(*, actor: Any, law: Law, version: int) -> Law:
    """The Secretariat checks a proposal against the official source and publishes it."""
    locked = _review(actor, law, "validate", version)
    locked.review_note = ""
    locked.save()
    _laws_changed()
    copy_search_values(locked)
    audit_record(
        actor=actor,
        action="law.validate",
        obj=locked,
        changes={"publication": [Publication.PROPOSED.value, Publication.PUBLISHED.value]},
        state=locked.state,
    )
    return locked


@transaction.atomic
def law_reject(*, actor: Any, law: Law, version: int, note: str) -> Law:
    """The Secretariat sends a proposal back to its state, saying why."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [ERR_NOTE_REQUIRED]})
    locked = _review(actor, law, "reject", version)
    locked.review_note = note
    locked.save()
    copy_search_values(locked)
    audit_record(
        actor=actor,
        action="law.reject",
        obj=locked,
        changes={
            "publication": [Publication.PROPOSED.value, Publication.REJECTED.value],
            "review_note": ["", note],
        },
        state=locked.state,
    )
    return locked


# Provisions


def _assign(provision: Provision, cleaned: Mapping[str, Any]) -> None:
    for name, value in cleaned.items():
        if name in _CODED:
            model, _message = _CODED[name]
            getattr(provision, name).set(model.objects.filter(code__in=value))
            _set_tag_codes(provision, name, value)
        else:
            setattr(provision, name, value)


def _check_article_free(law: Law, article: str, exclude: int | None = None) -> None:
    others = Provision.objects.filter(law=law, article__iexact=article)
    if exclude:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise ValidationError({"article": [ERR_DUPLICATE_ARTICLE]})


@transaction.atomic
def provision_create(*, actor: Any, law: Law, data: Mapping[str, Any]) -> Provision:
    """A new provision (extract) of `law`."""
    _require_writer(actor, law)
    cleaned = clean_provision_fields(data)
    _check_article_free(law, cleaned["article"])
    position = Provision.objects.filter(law=law).count() + 1
    provision = Provision.objects.create(
        law=law, article=cleaned["article"], text=cleaned["text"], position=position
    )
    _assign(provision, {k: v for k, v in cleaned.items() if k in _CODED})
    provision.save(update_fields=["tag_codes"])
    reindex_law(law)
    audit_record(
        actor=actor,
        action="provision.create",
        obj=provision,
        changes=changes_between({}, _filled(provision_snapshot(provision))),
        state=law.state,
    )
    return provision


@transaction.atomic
def provision_update(
    *, actor: Any, provision: Provision, version: int, data: Mapping[str, Any]
) -> Provision:
    """Change a provision read at `version`; raises VersionConflict if it changed since."""
    _require_writer(actor, provision.law)
    locked = (
        Provision.objects.select_for_update(of=("self",))
        .select_related("law", "law__state")
        .get(pk=provision.pk)
    )
    check_version(read=version, current=locked.version, values=lambda: provision_snapshot(locked))
    cleaned = clean_provision_fields(data, partial=True)
    if "article" in cleaned:
        _check_article_free(locked.law, cleaned["article"], exclude=locked.pk)
    before = provision_snapshot(locked)
    _assign(locked, cleaned)
    changes = changes_between(before, provision_snapshot(locked))
    if not changes:
        return locked
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.save()
    reindex_law(locked.law)
    audit_record(
        actor=actor,
        action="provision.update",
        obj=locked,
        changes=changes,
        state=locked.law.state,
    )
    return locked


@transaction.atomic
def provision_delete(*, actor: Any, provision: Provision) -> None:
    """Remove a provision; the event stays in the law's history."""
    law = provision.law
    _require_writer(actor, law)
    before = provision_snapshot(provision)
    key = provision.public_key
    search.backend().remove(PROVISIONS_INDEX, [provision.pk])
    _laws_changed()
    provision.delete()
    audit_record(
        actor=actor,
        action="provision.delete",
        obj=law,
        changes={"provision": [key, None], **changes_between(before, {})},
        state=law.state,
    )
