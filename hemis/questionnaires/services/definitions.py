"""Questionnaire versions: loaded from a checked definition, published, translated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from hemis.accounts import policy
from hemis.accounts.actors import Actor, is_system
from hemis.core.services import audit_record
from hemis.questionnaires.models import Question, Questionnaire, Section
from hemis.questionnaires.services.errors import ERR_PUBLISHED, QuestionnaireError
from hemis.questionnaires.services.workflow import require


@transaction.atomic
def questionnaire_load(
    *, definition: Mapping[str, Any], actor: Actor, publish: bool = False
) -> Questionnaire:
    """Create a questionnaire version from a checked definition, or replace its draft."""
    require(is_system(actor) or policy.is_admin(actor))
    existing = (
        Questionnaire.objects.select_for_update()
        .filter(code=definition["code"], version=definition["version"])
        .first()
    )
    if existing and existing.is_published:
        raise QuestionnaireError(
            ERR_PUBLISHED % {"code": existing.code, "version": existing.version}
        )
    if existing:
        existing.delete()
    questionnaire = Questionnaire.objects.create(
        code=definition["code"],
        version=definition["version"],
        base_language=definition["base_language"],
        title=definition["title"],
        description=definition.get("description") or {},
    )
    position = 0
    questions = []
    for s_position, section_data in enumerate(definition["sections"], start=1):
        section = Section.objects.create(
            questionnaire=questionnaire,
            code=section_data["code"],
            position=s_position,
            title=section_data["title"],
            description=section_data.get("description") or {},
        )
        for data in section_data["questions"]:
            position += 1
            questions.append(
                Question(
                    questionnaire=questionnaire,
                    section=section,
                    position=position,
                    **{
                        key: data[key]
                        for key in (
                            "code",
                            "kind",
                            "text",
                            "help",
                            "required",
                            "allows_comment",
                            "needs",
                            "show_if",
                            "config",
                        )
                    },
                )
            )
    Question.objects.bulk_create(questions)
    audit_record(
        actor=actor,
        action="questionnaire.load",
        obj=questionnaire,
        changes={"questions": [None, len(questions)]},
    )
    if publish:
        questionnaire_publish(questionnaire=questionnaire, actor=actor)
    return questionnaire


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire, actor: Actor) -> Questionnaire:
    """Freeze a version: from now on it never changes."""
    require(is_system(actor) or policy.is_admin(actor))
    if questionnaire.is_published:
        return questionnaire
    questionnaire.status = Questionnaire.Status.PUBLISHED
    questionnaire.published_at = timezone.now()
    questionnaire.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        action="questionnaire.publish",
        obj=questionnaire,
        changes={"status": ["draft", "published"]},
    )
    return questionnaire


@transaction.atomic
def questionnaire_set_texts(
    *,
    questionnaire: Questionnaire,
    actor: Actor,
    texts: Mapping[tuple[str, str, str], Mapping[str, str]],
) -> int:
    """Fill translations of a draft version: {(object kind, code, field): {language: text}}."""
    require(is_system(actor) or policy.is_secretariat(actor))
    if questionnaire.is_published:
        raise QuestionnaireError(
            ERR_PUBLISHED % {"code": questionnaire.code, "version": questionnaire.version}
        )
    changed = 0
    sections = {s.code: s for s in questionnaire.sections.all()}
    questions = {q.code: q for q in questionnaire.questions.all()}
    touched: dict[int, Any] = {}
    for (kind, code, field), by_language in texts.items():
        if kind == "questionnaire":
            target: Any = questionnaire
        elif kind == "section":
            target = sections[code]
        else:
            target = questions[code]
        if field not in ("title", "description", "text", "help"):
            # A text inside the question's configuration: an option, a unit, a table's row
            # or column; the dict is the configuration's own.
            for name, labels in target.config_texts():
                if name == field and labels != {**labels, **by_language}:
                    labels.update(by_language)
                    changed += 1
                    touched[id(target)] = target
            continue
        current = getattr(target, field)
        merged = {**current, **by_language}
        if merged != current:
            setattr(target, field, merged)
            changed += 1
            touched[id(target)] = target
    for target in touched.values():
        target.save()
    audit_record(
        actor=actor,
        action="questionnaire.translate",
        obj=questionnaire,
        changes={"texts": [None, changed]},
    )
    return changed
