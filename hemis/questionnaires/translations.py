"""The translators' round trip: a questionnaire version's texts to an XLSX workbook and back.

`export_xlsx` writes one sheet, "Texts": a row per text (the questionnaire's title and
description, each section's, each question's text and help, each option's label) with its
place, kind, code and field, then one column per language, the base language first.
`read_xlsx` reads a filled workbook back and returns the translations that would change, or
raises `TranslationFileError` listing every problem by line and column; the workbook is
checked whole, so nothing is written unless every row is right (`services.questionnaire_set_texts`
writes the result). The base-language column is the translators' source: it must come back
unchanged. An empty cell leaves the translation that is there as it is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO, NamedTuple

from django.utils.translation import gettext_lazy as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from hemis.core import exports, tabular
from hemis.questionnaires import selectors
from hemis.questionnaires.models import LANGUAGES, Questionnaire

SHEET = "Texts"
KEY_COLUMNS = ("place", "kind", "code", "field")
KINDS = ("questionnaire", "section", "question")
MAX_BYTES = 5 * 1024 * 1024
# A 300-question questionnaire has about 2,000 texts; far more rows is not one of ours.
MAX_ROWS = 20000
PREVIEW_ROWS = 50

ERR_AT = _("line %(line)s, column %(column)s: %(message)s")
ERR_PUBLISHED = _(
    "Version %(version)s of %(code)s is published, and a published version never changes: "
    "translations can only be imported into a draft version. Load the questionnaire as a new "
    "draft version and import the translations into that."
)
ERR_NOT_XLSX = _("The file could not be read as an XLSX workbook. Save it again as .xlsx.")
ERR_TOO_BIG = _("The file is larger than %(megabytes)s MB.")
ERR_NO_SHEET = _(
    "The workbook has no sheet named “%(sheet)s”. Export the questionnaire's texts again and "
    "fill in that sheet."
)
ERR_EMPTY = _("The sheet “%(sheet)s” is empty.")
ERR_HEADER = _("the header line must name this column “%(expected)s”, not “%(found)s”")
ERR_EXTRA_HEADER = _("the header line has a column “%(found)s” that is not part of the export")
ERR_NO_ROWS = _("The sheet has a header line but no texts below it.")
LIMITS = tabular.Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, no_rows=ERR_NO_ROWS)
ERR_KIND = _("“%(value)s” is not a kind of text; use questionnaire, section or question")
ERR_CODE = _("this version has no %(kind)s with the code “%(value)s”")
ERR_FIELD = _("“%(value)s” is not a text of %(place)s")
ERR_DUPLICATE = _("this text is already on line %(line)s")
ERR_SOURCE_CHANGED = _(
    "the %(language)s text is the source and must stay as it was exported; in this version "
    "it reads “%(expected)s”"
)
ERR_NO_SOURCE = _(
    "this text is empty in %(language)s, the base language, so there is nothing to translate; "
    "leave the cell empty"
)


class Problem(NamedTuple):
    """A mistake in the workbook, at a line (the header is line 1) and a column letter."""

    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.line and self.column:
            return str(ERR_AT % {"line": self.line, "column": self.column, "message": self.message})
        return str(self.message)


class TranslationFileError(Exception):
    """The workbook cannot be imported; `problems` lists every mistake found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


Key = tuple[str, str, str]  # (kind, code, field), as services.questionnaire_set_texts takes it


@dataclass(frozen=True)
class Text:
    """One text of the questionnaire as the workbook shows it."""

    place: str
    kind: str
    code: str
    field: str
    texts: dict[str, str]

    @property
    def key(self) -> Key:
        return (self.kind, self.code, self.field)


def languages_of(questionnaire: Questionnaire) -> list[str]:
    """The workbook's language columns: the base language first, then the others."""
    base = questionnaire.base_language
    return [base, *(language for language in LANGUAGES if language != base)]


def header_of(questionnaire: Questionnaire) -> list[str]:
    return [*KEY_COLUMNS, *languages_of(questionnaire)]


def texts_of(questionnaire: Questionnaire) -> Iterator[Text]:
    """Every text of the version that has a base-language text, in the questionnaire's order."""
    base = questionnaire.base_language
    for kind, code, name, texts in selectors.questionnaire_texts(questionnaire):
        if not texts or not texts.get(base):
            continue
        place = kind if kind == "questionnaire" else f"{kind} {code}"
        if name not in ("title", "description", "text", "help"):
            place = f"{place}, {name.replace(':', ' ')}"
        yield Text(place, kind, code, name, dict(texts))


def _clean(value: Any) -> str:
    """A cell's text as compared: no characters XLSX cannot hold, one kind of line break."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# Export


def export_xlsx(questionnaire: Questionnaire) -> bytes:
    """The version's texts as a workbook for translators (sheet "Texts")."""
    languages = languages_of(questionnaire)
    widths = [24, 14, 14, 16] + [60] * len(languages)
    columns = [
        exports.Column(name, width)
        for name, width in zip(header_of(questionnaire), widths, strict=True)
    ]
    rows = (
        [
            text.place,
            text.kind,
            text.code,
            text.field,
            *(_clean(text.texts.get(language)) or None for language in languages),
        ]
        for text in texts_of(questionnaire)
    )
    return exports.xlsx_bytes(exports.Sheet(SHEET, columns, rows, freeze="E2", wrap=True))


def filename(questionnaire: Questionnaire) -> str:
    return f"{questionnaire.code}-v{questionnaire.version}-texts.xlsx"


# Import


def read_rows(file: BinaryIO | bytes) -> list[tuple[int, list[str]]]:
    """The sheet "Texts" as (line, cells as text), blank lines left out; the header included."""
    content = file if isinstance(file, bytes) else file.read()
    if len(content) > MAX_BYTES:
        raise TranslationFileError(
            [Problem(None, None, ERR_TOO_BIG % {"megabytes": MAX_BYTES // (1024 * 1024)})]
        )
    # The shared reader: every row whatever size the sheet declares, and the limits and text
    # checks of every import (hemis.core.tabular).
    try:
        records = tabular.read_sheet(content, LIMITS, sheet_name=SHEET, data_only=False)
    except tabular.MissingSheet as error:
        raise TranslationFileError(
            [Problem(None, None, ERR_NO_SHEET % {"sheet": SHEET})]
        ) from error
    except tabular.UnreadableFile as error:
        problem = error.problem
        if problem is None:
            raise TranslationFileError([Problem(None, None, error.message)]) from error
        raise TranslationFileError(
            [Problem(problem.line, problem.column, problem.message)]
        ) from error
    rows: list[tuple[int, list[str]]] = []
    for line, cells in records:
        cleaned = [_clean(cell) for cell in cells]
        while cleaned and not cleaned[-1]:
            cleaned.pop()
        if cleaned:
            rows.append((line, cleaned))
    if not rows:
        raise TranslationFileError([Problem(None, None, ERR_EMPTY % {"sheet": SHEET})])
    return rows


def check_rows(
    questionnaire: Questionnaire, rows: list[tuple[int, list[str]]]
) -> dict[Key, dict[str, str]]:
    """The translations that differ from the version's; else every problem, by line and column."""
    if questionnaire.is_published:
        raise TranslationFileError(
            [
                Problem(
                    None,
                    None,
                    ERR_PUBLISHED % {"code": questionnaire.code, "version": questionnaire.version},
                )
            ]
        )
    problems: list[Problem] = []
    expected = header_of(questionnaire)
    (header_line, header), *body = rows
    for index, name in enumerate(expected):
        found = header[index] if index < len(header) else ""
        if found.lower() != name:
            problems.append(
                Problem(
                    header_line,
                    get_column_letter(index + 1),
                    ERR_HEADER % {"expected": name, "found": found},
                )
            )
    for index in range(len(expected), len(header)):
        if header[index]:
            problems.append(
                Problem(
                    header_line,
                    get_column_letter(index + 1),
                    ERR_EXTRA_HEADER % {"found": header[index]},
                )
            )
    if problems:
        # Without the right header, no row can be read with certainty.
        raise TranslationFileError(problems)
    if not body:
        raise TranslationFileError([Problem(None, None, str(ERR_NO_ROWS))])

    known = {text.key: text for text in texts_of(questionnaire)}
    fields = _fields(questionnaire)
    languages = languages_of(questionnaire)
    base = questionnaire.base_language
    seen: dict[Key, int] = {}
    result: dict[Key, dict[str, str]] = {}
    for line, cells in body:
        cells = cells + [""] * (len(expected) - len(cells))
        _place, kind, code, name = cells[:4]
        if kind not in KINDS:
            problems.append(Problem(line, "B", ERR_KIND % {"value": kind}))
            continue
        if code not in fields[kind]:
            problems.append(Problem(line, "C", ERR_CODE % {"kind": kind, "value": code}))
            continue
        if name not in fields[kind][code]:
            place = kind if kind == "questionnaire" else f"{kind} {code}"
            problems.append(Problem(line, "D", ERR_FIELD % {"value": name, "place": place}))
            continue
        key = (kind, code, name)
        if key in seen:
            problems.append(Problem(line, "D", ERR_DUPLICATE % {"line": seen[key]}))
            continue
        seen[key] = line
        current = known[key].texts if key in known else {}
        source = _clean(current.get(base))
        if cells[4] != source:
            problems.append(
                Problem(
                    line,
                    "E",
                    ERR_SOURCE_CHANGED % {"language": base, "expected": _shorten(source)},
                )
            )
            continue
        changes = {}
        for index, language in enumerate(languages[1:], start=5):
            value = cells[index]
            if not value:
                continue
            if not source:
                problems.append(
                    Problem(line, get_column_letter(index + 1), ERR_NO_SOURCE % {"language": base})
                )
                continue
            if value != _clean(current.get(language)):
                changes[language] = value
        if changes:
            result[key] = changes
    if problems:
        raise TranslationFileError(problems)
    return result


def read_xlsx(questionnaire: Questionnaire, file: BinaryIO | bytes) -> dict[Key, dict[str, str]]:
    """The translations a filled workbook would change in a draft version, checked whole."""
    return check_rows(questionnaire, read_rows(file))


def _fields(questionnaire: Questionnaire) -> dict[str, dict[str, set[str]]]:
    """{kind: {code: the fields it has}}: every text a row may name, filled in or not."""
    fields: dict[str, dict[str, set[str]]] = {"questionnaire": {}, "section": {}, "question": {}}
    for kind, code, name, _texts in selectors.questionnaire_texts(questionnaire):
        fields[kind].setdefault(code, set()).add(name)
    return fields


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Preview


@dataclass
class Change:
    place: str
    field: str
    language: str
    old: str
    new: str


@dataclass
class Preview:
    """What importing the texts would change: counts per language and the first changes."""

    counts: list[tuple[str, int, int]] = field(default_factory=list)  # language, added, replaced
    changes: list[Change] = field(default_factory=list)
    total: int = 0

    @property
    def shown(self) -> int:
        return len(self.changes)


def preview(questionnaire: Questionnaire, texts: dict[Key, dict[str, str]]) -> Preview:
    """The changes `texts` would make, language by language, in the questionnaire's order."""
    result = Preview()
    added = dict.fromkeys(LANGUAGES, 0)
    replaced = dict.fromkeys(LANGUAGES, 0)
    for text in texts_of(questionnaire):
        for language, new in texts.get(text.key, {}).items():
            old = text.texts.get(language, "")
            if old:
                replaced[language] += 1
            else:
                added[language] += 1
            result.total += 1
            if len(result.changes) < PREVIEW_ROWS:
                result.changes.append(Change(text.place, text.field, language, old, new))
    result.counts = [
        (language, added[language], replaced[language])
        for language in languages_of(questionnaire)[1:]
    ]
    return result


# Keeping a checked workbook between the preview and the import


def rows_to_json(rows: list[tuple[int, list[str]]]) -> str:
    return json.dumps(rows, ensure_ascii=False)


def rows_from_json(text: str) -> list[tuple[int, list[str]]]:
    return [(int(line), [str(cell) for cell in cells]) for line, cells in json.loads(text)]


def fingerprint(text: str) -> str:
    """The SHA-256 of the stored rows, so that what is imported is what was previewed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def problem_messages(error: TranslationFileError) -> list[str]:
    return [str(problem) for problem in error.problems]
