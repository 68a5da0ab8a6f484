"""Read and check questionnaire definition files (docs/questionnaire-format.md).

`parse(text)` returns the checked definition or raises `DefinitionError` with every problem,
each naming its place in the file (`sections[2].questions[4] (C5).show_if.question`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from django.utils.translation import gettext as _

from hemis.core import limits
from hemis.questionnaires.models import LANGUAGES, QuestionKind, YesNo

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
CHOICE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}
COLUMN_KINDS = {
    QuestionKind.YES_NO,
    QuestionKind.SINGLE_CHOICE,
    QuestionKind.NUMBER,
    QuestionKind.SHORT_TEXT,
    QuestionKind.DATE,
}
# Keys an answer object uses in the API; a table row may not be named like them.
RESERVED = {"value", "not_available", "provisional", "comment"}  # rules.RESERVED_KEYS
DEFAULT_MAX_LENGTH = {QuestionKind.SHORT_TEXT: 300, QuestionKind.LONG_TEXT: 20000}
DEFAULT_FILE_MB = 10


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false, so that `equals: yes` stays the answer "yes"."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class DefinitionError(Exception):
    """The file breaks a rule; `problems` lists each one with its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, place: str, message: str) -> None:
        self.problems.append(f"{place}: {message}")

    def texts(self, value: Any, place: str, base: str, *, required: bool = True) -> dict:
        if value is None or value == {}:
            if required:
                self.problem(
                    place, _("the text in the base language (%(lang)s) is missing") % {"lang": base}
                )
            return {}
        if isinstance(value, str):
            return {base: value}
        if not isinstance(value, dict):
            self.problem(place, _("expected a mapping of language to text"))
            return {}
        result = {}
        for language, text in value.items():
            if language not in LANGUAGES:
                self.problem(f"{place}.{language}", _("unknown language; use en, es, fr or pt"))
            elif not isinstance(text, str):
                self.problem(f"{place}.{language}", _("expected text"))
            elif text.strip():
                result[language] = text.strip()
        if required and base not in result:
            self.problem(
                place, _("the text in the base language (%(lang)s) is missing") % {"lang": base}
            )
        return result

    def options(self, value: Any, place: str, base: str) -> list[dict]:
        if not isinstance(value, list) or not value:
            self.problem(place, _("a choice needs a list of options"))
            return []
        seen: set[str] = set()
        result = []
        for index, option in enumerate(value):
            where = f"{place}[{index}]"
            if not isinstance(option, dict):
                self.problem(where, _("expected {code, label}"))
                continue
            code = str(option.get("code", ""))
            if not CODE.match(code):
                self.problem(f"{where}.code", _("a code of letters, digits, '_' or '-' is needed"))
            elif code in seen:
                self.problem(f"{where}.code", _("duplicate option code %(code)s") % {"code": code})
            seen.add(code)
            result.append(
                {"code": code, "label": self.texts(option.get("label"), f"{where}.label", base)}
            )
        return result

    def number(self, value: Any, place: str, base: str) -> dict:
        value = value or {}
        if not isinstance(value, dict):
            self.problem(place, _("expected {unit, min, max, integer}"))
            return {}
        result: dict[str, Any] = {"integer": bool(value.get("integer", False))}
        for bound in ("min", "max"):
            if value.get(bound) is not None:
                if isinstance(value[bound], bool) or not isinstance(value[bound], int | float):
                    self.problem(f"{place}.{bound}", _("expected a number"))
                else:
                    result[bound] = value[bound]
        if "min" in result and "max" in result and result["min"] > result["max"]:
            self.problem(place, _("min is above max"))
        if value.get("unit"):
            result["unit"] = self.texts(value["unit"], f"{place}.unit", base)
        return result


def parse(text: str) -> dict[str, Any]:
    """The checked definition from a YAML text; DefinitionError lists every problem."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = _("line %(line)s") % {"line": mark.line + 1} if mark else _("the file")
        raise DefinitionError([f"{where}: {_('not valid YAML')} ({error})"]) from error
    if not isinstance(data, dict):
        raise DefinitionError([_("the file: expected a mapping with code, version and sections")])
    return check(data)


def check(data: dict[str, Any]) -> dict[str, Any]:
    checker = _Checker()
    base = data.get("base_language", "en")
    if base not in LANGUAGES:
        checker.problem("base_language", _("unknown language; use en, es, fr or pt"))
        base = "en"
    code = str(data.get("code", ""))
    if not SLUG.match(code):
        checker.problem("code", _("a lower-case code of letters, digits and '-' is needed"))
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        checker.problem("version", _("a whole number from 1 is needed"))
    definition: dict[str, Any] = {
        "code": code,
        "version": version,
        "base_language": base,
        "title": checker.texts(data.get("title"), "title", base),
        "description": checker.texts(data.get("description"), "description", base, required=False),
        "sections": [],
    }
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        checker.problem("sections", _("at least one section is needed"))
        sections = []
    section_codes: set[str] = set()
    questions_seen: dict[str, dict] = {}
    for s_index, section in enumerate(sections):
        s_place = f"sections[{s_index}]"
        if not isinstance(section, dict):
            checker.problem(s_place, _("expected a mapping"))
            continue
        s_code = str(section.get("code", ""))
        if not CODE.match(s_code):
            checker.problem(f"{s_place}.code", _("a code of letters, digits, '_' or '-' is needed"))
        elif s_code in section_codes:
            checker.problem(
                f"{s_place}.code", _("duplicate section code %(code)s") % {"code": s_code}
            )
        section_codes.add(s_code)
        s_place = f"{s_place} ({s_code})"
        checked_section = {
            "code": s_code,
            "title": checker.texts(section.get("title"), f"{s_place}.title", base),
            "description": checker.texts(
                section.get("description"), f"{s_place}.description", base, required=False
            ),
            "questions": [],
        }
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            checker.problem(f"{s_place}.questions", _("a section needs at least one question"))
            questions = []
        for q_index, question in enumerate(questions):
            checked = _check_question(
                checker, question, f"{s_place}.questions[{q_index}]", base, questions_seen
            )
            if checked:
                checked_section["questions"].append(checked)
                questions_seen.setdefault(checked["code"], checked)
        definition["sections"].append(checked_section)
    if checker.problems:
        raise DefinitionError(checker.problems)
    return definition


def _check_question(
    checker: _Checker, question: Any, place: str, base: str, earlier: dict[str, dict]
) -> dict | None:
    if not isinstance(question, dict):
        checker.problem(place, _("expected a mapping"))
        return None
    code = str(question.get("code", ""))
    if not CODE.match(code):
        checker.problem(f"{place}.code", _("a code of letters, digits, '_' or '-' is needed"))
    elif code in earlier:
        checker.problem(f"{place}.code", _("duplicate question code %(code)s") % {"code": code})
    place = f"{place} ({code})"
    kind = question.get("kind")
    if kind not in QuestionKind.values:
        checker.problem(f"{place}.kind", _("unknown kind %(kind)s") % {"kind": kind})
        return None
    checked: dict[str, Any] = {
        "code": code,
        "kind": kind,
        "text": checker.texts(question.get("text"), f"{place}.text", base),
        "help": checker.texts(question.get("help"), f"{place}.help", base, required=False),
        "required": bool(question.get("required", False)),
        "allows_comment": bool(question.get("comment", False)),
        "needs": bool(question.get("needs", False)),
        "show_if": None,
        "config": {},
    }
    config = checked["config"]
    if kind in CHOICE_KINDS:
        config["options"] = checker.options(question.get("options"), f"{place}.options", base)
    elif kind == QuestionKind.NUMBER:
        config.update(checker.number(question.get("number"), f"{place}.number", base))
    elif kind in DEFAULT_MAX_LENGTH:
        max_length = question.get("max_length", DEFAULT_MAX_LENGTH[kind])
        if (
            isinstance(max_length, bool)
            or not isinstance(max_length, int)
            or not 1 <= max_length <= limits.MAX_TEXT_CHARS
        ):
            checker.problem(
                f"{place}.max_length",
                _("a whole number from 1 to %(max)s is needed") % {"max": limits.MAX_TEXT_CHARS},
            )
        config["max_length"] = max_length
    elif kind == QuestionKind.FILE:
        max_mb = (question.get("file") or {}).get("max_mb", DEFAULT_FILE_MB)
        if not isinstance(max_mb, int | float) or isinstance(max_mb, bool) or not 0 < max_mb <= 50:
            checker.problem(f"{place}.file.max_mb", _("a size from 1 to 50 (MB) is needed"))
        config["max_mb"] = max_mb
    elif kind == QuestionKind.TABLE:
        config.update(_check_table(checker, question, place, base))
    if question.get("show_if") is not None:
        checked["show_if"] = _check_condition(
            checker, question["show_if"], f"{place}.show_if", earlier
        )
    return checked


def _check_table(checker: _Checker, question: dict, place: str, base: str) -> dict:
    rows = question.get("rows")
    columns = question.get("columns")
    result: dict[str, Any] = {"rows": [], "columns": []}
    if not isinstance(rows, list) or not rows:
        checker.problem(f"{place}.rows", _("a table needs rows"))
        rows = []
    if not isinstance(columns, list) or not columns:
        checker.problem(f"{place}.columns", _("a table needs columns"))
        columns = []
    # Counted before each is checked: a table's rows and columns bound every answer's work.
    if len(rows) > limits.MAX_TABLE_ROWS:
        checker.problem(
            f"{place}.rows", _("a table has at most %(max)s rows") % {"max": limits.MAX_TABLE_ROWS}
        )
        rows = []
    if len(columns) > limits.MAX_TABLE_COLUMNS:
        checker.problem(
            f"{place}.columns",
            _("a table has at most %(max)s columns") % {"max": limits.MAX_TABLE_COLUMNS},
        )
        columns = []
    for key, items in (("rows", rows), ("columns", columns)):
        seen: set[str] = set()
        for index, item in enumerate(items):
            where = f"{place}.{key}[{index}]"
            if not isinstance(item, dict):
                checker.problem(where, _("expected a mapping"))
                continue
            code = str(item.get("code", ""))
            if not CODE.match(code) or code in RESERVED:
                checker.problem(
                    f"{where}.code", _("a code of letters, digits, '_' or '-' is needed")
                )
            elif code in seen:
                checker.problem(f"{where}.code", _("duplicate code %(code)s") % {"code": code})
            seen.add(code)
            entry: dict[str, Any] = {
                "code": code,
                "label": checker.texts(item.get("label"), f"{where}.label", base),
            }
            if key == "columns":
                kind = item.get("kind")
                if kind not in COLUMN_KINDS:
                    checker.problem(
                        f"{where}.kind",
                        _("a column is yes_no, single_choice, number, short_text or date"),
                    )
                entry["kind"] = kind
                if kind == QuestionKind.SINGLE_CHOICE:
                    entry["options"] = checker.options(
                        item.get("options"), f"{where}.options", base
                    )
                if kind == QuestionKind.NUMBER:
                    entry.update(checker.number(item.get("number"), f"{where}.number", base))
                    entry["total"] = bool(item.get("total", False))
            result[key].append(entry)
    return result


def _check_condition(
    checker: _Checker, condition: Any, place: str, earlier: dict[str, dict]
) -> dict | None:
    if not isinstance(condition, dict) or "question" not in condition:
        checker.problem(place, _("expected {question, equals | in | contains}"))
        return None
    target_code = str(condition["question"])
    target = earlier.get(target_code)
    if target is None:
        checker.problem(
            f"{place}.question",
            _("no earlier question has the code %(code)s") % {"code": target_code},
        )
        return None
    operators = [op for op in ("equals", "in", "contains") if op in condition]
    if len(operators) != 1:
        checker.problem(place, _("give exactly one of equals, in, contains"))
        return None
    operator = operators[0]
    values = condition[operator] if operator == "in" else [condition[operator]]
    if operator == "in" and not isinstance(condition["in"], list):
        checker.problem(f"{place}.in", _("expected a list of values"))
        return None
    kind = target["kind"]
    if kind == QuestionKind.YES_NO:
        allowed = set(YesNo.values)
    elif kind in CHOICE_KINDS:
        allowed = {option["code"] for option in target["config"].get("options", [])}
    else:
        checker.problem(
            f"{place}.question", _("a condition can only depend on a yes/no or choice question")
        )
        return None
    if operator == "contains" and kind != QuestionKind.MULTIPLE_CHOICE:
        checker.problem(f"{place}.contains", _("contains applies to multiple-choice questions"))
    if operator != "contains" and kind == QuestionKind.MULTIPLE_CHOICE:
        checker.problem(place, _("use contains for a multiple-choice question"))
    for value in values:
        if str(value) not in allowed:
            checker.problem(
                f"{place}.{operator}",
                _("%(value)s is not an answer %(code)s can take")
                % {"value": value, "code": target_code},
            )
    return {"question": target_code, "operator": operator, "values": [str(v) for v in values]}
