"""Importing laws and their provisions from CSV or XLSX: every row checked, then all or nothing.

One row is one provision, with its law's columns repeated on each of the law's rows. A law is
recognised by its state and title, a provision by its law and article reference, so that a
second import of the same file changes nothing. Rows are loaded through the services (audited,
indexed for search) in one transaction. The columns are documented in docs/legislation-import.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hemis.accounts import policy
from hemis.core import tabular
from hemis.core.models import MemberState
from hemis.core.search import fold
from hemis.core.tabular import (
    CREATE,
    ERR_STATE_UNKNOWN,
    UNCHANGED,
    UPDATE,
    ImportProblem,
    Limits,
    Table,
    UnreadableFile,
    check_header,
)
from hemis.legislation import services
from hemis.legislation.models import Law, Provision

# Column → (law or provision field).
LAW_COLUMNS = {
    "law_title": "title",
    "law_title_en": "title_en",
    "kind": "kind",
    "status": "status",
    "enacted_on": "enacted_on",
    "amended_on": "amended_on",
    "language": "language",
    "source_url": "source_url",
    "gazette_reference": "gazette_reference",
    "full_text_url": "full_text_url",
}
PROVISION_COLUMNS = {
    "article": "article",
    "text": "text",
    "thematic_areas": "thematic_areas",
    "convention_articles": "convention_articles",
    "cross_cutting_issues": "cross_cutting_issues",
}
COLUMNS = ("state", *LAW_COLUMNS, *PROVISION_COLUMNS)
REQUIRED_COLUMNS = ("state", "law_title", "kind", "language", "article", "text")
COLUMN_HELP = {
    "state": _("ISO 3166 alpha-3 code of the member state, for example MEX. Required."),
    "law_title": _("Title of the law in its original language. Required."),
    "law_title_en": _("Title in English, if the original is in another language."),
    "kind": _("constitution, code, law, decree or regulation. Required."),
    "status": _("in_force, amended or repealed (default in_force)."),
    "enacted_on": _("Date of enactment, as YYYY-MM-DD."),
    "amended_on": _("Date of the last amendment, as YYYY-MM-DD."),
    "language": _("ISO 639-1 code of the language of the law, for example es. Required."),
    "source_url": _("Web address of the official source."),
    "gazette_reference": _("Reference of the official gazette."),
    "full_text_url": _("Web address of the full text."),
    "article": _("Article reference, for example Artículo 5. Required."),
    "text": _("Text of the extract. Required."),
    "thematic_areas": _("Thematic area codes separated by “;”, for example drugs;firearms."),
    "convention_articles": _("UNTOC and Protocol article codes separated by “;”, e.g. untoc-6."),
    "cross_cutting_issues": _("Cross-cutting issue codes separated by “;”, e.g. jurisdiction."),
}

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000

ERR_NO_ROWS = _("The file has a header line but no provisions below it.")
LIMITS = Limits(max_bytes=MAX_BYTES, max_rows=MAX_ROWS, no_rows=ERR_NO_ROWS)

ERR_LAW_DIFFERS = _(
    "This row gives the law a different %(column)s from line %(line)s; a law's columns must be "
    "the same on each of its rows."
)
ERR_SAME_PROVISION = _("This row is the same provision (law and article) as line %(line)s.")


@dataclass
class RowOutcome:
    line: int
    action: str
    state: MemberState
    law_title: str
    article: str
    changed: list[str] = field(default_factory=list)


@dataclass
class ImportReport(tabular.ImportReport):
    """The result of an import or of a dry run; with errors, nothing was written."""

    rows: list[RowOutcome] = field(default_factory=list)
    new_laws: int = 0


def read_table(name: str, content: bytes) -> Table:
    """The header and the non-blank rows of a file of laws (see hemis.core.tabular)."""
    return tabular.read_table(name, content, LIMITS)


# Checking


def _problems(line: int, error: ValidationError, columns: dict[str, str]) -> list[ImportProblem]:
    by_field = {v: k for k, v in columns.items()}
    if not hasattr(error, "error_dict"):
        return [ImportProblem(line, None, m) for m in error.messages]
    return [
        ImportProblem(line, by_field.get(name, name), str(message))
        for name, errors in error.message_dict.items()
        for message in errors
    ]


@dataclass
class _LawPlan:
    line: int
    state: MemberState
    data: dict[str, Any]
    law: Law | None
    changed: list[str]
    provisions: list[_ProvisionPlan] = field(default_factory=list)


@dataclass
class _ProvisionPlan:
    line: int
    data: dict[str, Any]
    provision: Provision | None
    changed: list[str]


def _plan(table: Table) -> tuple[list[_LawPlan], list[ImportProblem]]:
    columns, problems = check_header(table, COLUMNS, REQUIRED_COLUMNS)
    if problems:
        return [], problems

    states = {s.iso3: s for s in MemberState.objects.all()}
    laws: dict[tuple[int, str], _LawPlan] = {}
    seen_provisions: dict[tuple[int, str, str], int] = {}
    for line, cells in table.rows:
        values = {c: (cells[i] if i < len(cells) else "") for i, c in enumerate(columns) if c}
        state = states.get(values["state"].upper())
        if state is None:
            problems.append(
                ImportProblem(line, "state", ERR_STATE_UNKNOWN % {"value": values["state"]})
            )
        law_data = {f: values[c] for c, f in LAW_COLUMNS.items() if c in values}
        provision_data = {f: values[c] for c, f in PROVISION_COLUMNS.items() if c in values}
        try:
            law_clean = services.clean_law_fields(law_data)
        except ValidationError as error:
            problems += _problems(line, error, LAW_COLUMNS)
            law_clean = None
        try:
            provision_clean = services.clean_provision_fields(provision_data)
        except ValidationError as error:
            problems += _problems(line, error, PROVISION_COLUMNS)
            provision_clean = None
        if state is None or law_clean is None or provision_clean is None:
            continue
        key = (state.pk, fold(law_clean["title"]))
        plan = laws.get(key)
        if plan is None:
            law = Law.objects.filter(state=state, title__iexact=law_clean["title"]).first()
            before = services.law_snapshot(law) if law else {}
            changed = [
                name
                for name, value in _law_comparable(law_clean).items()
                if before.get(name) != value
            ]
            plan = laws[key] = _LawPlan(line, state, law_clean, law, changed if law else [])
        else:
            for name, value in law_clean.items():
                if plan.data.get(name) != value:
                    column = {v: k for k, v in LAW_COLUMNS.items()}[name]
                    problems.append(
                        ImportProblem(
                            line, column, ERR_LAW_DIFFERS % {"column": column, "line": plan.line}
                        )
                    )
                    break
        provision_key = (*key, fold(provision_clean["article"]))
        if provision_key in seen_provisions:
            problems.append(
                ImportProblem(
                    line,
                    "article",
                    ERR_SAME_PROVISION % {"line": seen_provisions[provision_key]},
                )
            )
            continue
        seen_provisions[provision_key] = line
        provision = None
        if plan.law is not None:
            provision = (
                Provision.objects.filter(law=plan.law, article__iexact=provision_clean["article"])
                .prefetch_related("thematic_areas", "convention_articles", "cross_cutting_issues")
                .first()
            )
        before = services.provision_snapshot(provision) if provision else {}
        changed = [n for n, v in provision_clean.items() if provision and before.get(n) != v]
        plan.provisions.append(_ProvisionPlan(line, provision_clean, provision, changed))
    return list(laws.values()), problems


def _law_comparable(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, dt.date) else value
        for name, value in cleaned.items()
    }


def _outcomes(plans: list[_LawPlan], report: ImportReport) -> None:
    for plan in plans:
        if plan.law is None:
            report.new_laws += 1
        for p in plan.provisions:
            if p.provision is None:
                action = CREATE
            elif p.changed or plan.changed:
                action = UPDATE
            else:
                action = UNCHANGED
            if action == CREATE:
                report.created += 1
            elif action == UPDATE:
                report.updated += 1
            else:
                report.unchanged += 1
            report.rows.append(
                RowOutcome(
                    p.line,
                    action,
                    plan.state,
                    plan.data["title"],
                    p.data["article"],
                    [*plan.changed, *p.changed],
                )
            )
    report.rows.sort(key=lambda row: row.line)


@transaction.atomic
def _load(actor: Any, plans: list[_LawPlan]) -> None:
    for plan in plans:
        law = plan.law
        if law is None:
            law = services.law_create(actor=actor, state=plan.state, data=plan.data)
        elif plan.changed:
            law = services.law_update(actor=actor, law=law, version=law.version, data=plan.data)
        for p in plan.provisions:
            if p.provision is None:
                services.provision_create(actor=actor, law=law, data=p.data)
            elif p.changed:
                services.provision_update(
                    actor=actor, provision=p.provision, version=p.provision.version, data=p.data
                )


def import_table(*, actor: Any, table: Table, dry_run: bool = False) -> ImportReport:
    """Check every row; unless it is a dry run or a row is wrong, load them all in one go."""
    if not policy.can_write_reference_data(actor):
        raise PermissionDenied
    report = ImportReport()
    plans, problems = _plan(table)
    if problems:
        report.errors = sorted(problems, key=lambda p: (p.line or 0, p.column or ""))
        return report
    _outcomes(plans, report)
    if not dry_run:
        _load(actor, plans)
    return report


def import_file(*, actor: Any, name: str, content: bytes, dry_run: bool = False) -> ImportReport:
    """Read and import a CSV or XLSX file; an unreadable file is reported as an error."""
    try:
        table = read_table(name, content)
    except UnreadableFile as error:
        return ImportReport(errors=[ImportProblem(None, None, error.message)])
    return import_table(actor=actor, table=table, dry_run=dry_run)
