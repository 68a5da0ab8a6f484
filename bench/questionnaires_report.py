"""The questionnaire report benchmark: the live preliminary report at world scale.

    .venv/bin/python -m bench.questionnaires_report     # or bench/run_questionnaires_report.sh

Recreates its own database, hemis_bench_questionnaires, with bench.generate's world (193 states
in the UN's regions), a questionnaire of 300 questions of every kind (generated, checked by
`definitions.check` and loaded by `services.questionnaire_load`), a campaign to the 193 states
and 192 submitted replies with realistic answers (made in bulk, as `services.reply_submit`
would: Answer rows and a Revision whose `answers` is the snapshot). Then, in-process (Django's
test client, DEBUG off, no network), as a Secretariat analyst and as a delegation reader:

- the report page cold (the figures dropped from the cache and from the process: every reply
  counted), then warm (`--repeat` times);
- the 193rd reply submitted through `services.reply_submit`, then the page at once (the figures
  updated for that reply), and an amendment of a reply (reopen, change, submit), then the page;
- one section of the findings (`?section=`), the XLSX and the DOCX;
- the PDF: fully cold (no reply's annex pages stored: every one laid out), then with every
  part stored, as background tasks leave them (`--pdf-runs` times); then a shared reply amended
  and the background task run for it (timed) before the PDF, and another amended and the PDF at
  once (its part laid out on the spot).

Writes bench/out/questionnaires_report.json and bench/out/questionnaires_report.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.directory_profile import percentile
from bench.foundation import machine
from bench.generate import (
    Options,
    World,
    analyze,
    database_name,
    load_participations,
    load_states,
    load_subregions,
    recreate_database,
    setup_django,
)

DATABASE_URL = os.environ.get(
    "BENCH_QUESTIONNAIRES_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/hemis_bench_questionnaires",
)
OUT_DIR = Path(__file__).resolve().parent / "out"
HOST = "127.0.0.1"
CAMPAIGN = "world-2026"
SECTIONS = 10
QUESTIONS_PER_SECTION = 30
TARGETS = {"cold_ms": 1000, "after_submit_ms": 200, "pdf_s": 15}

# The kinds in each block of ten questions of a section (300 questions: every kind 30 times).
KIND_CYCLE = [
    "yes_no",
    "single_choice",
    "multiple_choice",
    "number",
    "short_text",
    "yes_no",
    "date",
    "table",
    "long_text",
    "legal_reference",
]
LANGS = ("en", "es", "fr", "pt")


def _texts(text: str) -> dict[str, str]:
    return {lang: f"{text} ({lang})" if lang != "en" else text for lang in LANGS}


def question_definition(
    section: int, code: str, q: int, kind: str, *, needs: bool = True
) -> dict[str, Any]:
    """Question q (from 0) of section `code` (the section-th), of the given kind: options,
    units and table rows as the kind needs them, a comment box on yes/no and single choices, a
    needs question every twentieth multiple choice, and every sixth question of a block of ten
    shown when the yes/no just before it says yes or partly."""
    qcode = f"{code}{q + 1}"
    question: dict[str, Any] = {
        "code": qcode,
        "kind": kind,
        "text": _texts(f"Question {qcode}: does your State report on topic {section}.{q}?"),
        "comment": kind in ("yes_no", "single_choice"),
    }
    if kind == "single_choice":
        question["options"] = [
            {"code": f"o{i}", "label": _texts(f"Option {i} of {qcode}")} for i in range(5)
        ]
    elif kind == "multiple_choice":
        if needs:
            question["needs"] = q % 20 == 2
        question["options"] = [
            {"code": f"m{i}", "label": _texts(f"Topic {i} of {qcode}")} for i in range(6)
        ]
    elif kind == "number":
        question["number"] = {"min": 0, "integer": True, "unit": _texts("cases")}
    elif kind == "table":
        question["rows"] = [
            {"code": f"y{year}", "label": _texts(str(year))} for year in (2023, 2024, 2025)
        ]
        question["columns"] = [
            {"code": "sent", "kind": "number", "total": True, "label": _texts("Sent")},
            {"code": "granted", "kind": "yes_no", "label": _texts("Any granted")},
        ]
    if q % 10 == 6:
        question["show_if"] = {"question": f"{code}{q}", "in": ["yes", "partly"]}
    return question


def definition() -> dict[str, Any]:
    """A 300-question questionnaire with every kind, conditions, comments and needs; the last
    question of each section is a file."""
    sections = []
    for s in range(SECTIONS):
        code = chr(ord("A") + s)
        questions = [
            question_definition(
                s,
                code,
                q,
                "file" if q == QUESTIONS_PER_SECTION - 1 else KIND_CYCLE[q % len(KIND_CYCLE)],
            )
            for q in range(QUESTIONS_PER_SECTION)
        ]
        sections.append({"code": code, "title": _texts(f"Section {code}"), "questions": questions})
    return {
        "code": "world-report",
        "version": 1,
        "base_language": "en",
        "title": _texts("World questionnaire on transnational organized crime"),
        "sections": sections,
    }


def answer_for(question, rng: random.Random, iso3: str) -> dict[str, Any] | None:
    """A realistic answer: mostly answered, some blank, some "not available"."""
    from hemis.questionnaires.models import answer_dict

    kind = question.kind
    roll = rng.random()
    if roll < 0.06:
        return None
    if roll < 0.10 and kind not in ("file",):
        return answer_dict(None, True, False, "")
    comment = ""
    if question.allows_comment and rng.random() < 0.2:
        comment = (
            f"Comment of {iso3} on {question.code}: the figures come from the national agency."
        )
    provisional = False
    if kind == "yes_no":
        value: Any = rng.choices(["yes", "no", "partly", "unknown"], [50, 25, 18, 7])[0]
    elif kind == "single_choice":
        value = rng.choice([o["code"] for o in question.config["options"]])
    elif kind == "multiple_choice":
        codes = [o["code"] for o in question.config["options"]]
        value = sorted(rng.sample(codes, rng.randint(1, 3)))
    elif kind == "number":
        value = int(rng.lognormvariate(4, 1.5))
        provisional = rng.random() < 0.15
    elif kind == "short_text":
        value = f"National unit {rng.randint(1, 99)} of {iso3}"
    elif kind == "long_text":
        value = (
            f"{iso3} reports that its agencies cooperate through a national committee that meets "
            f"every {rng.randint(1, 12)} months; the committee coordinates police, customs and "
            "prosecutors and publishes an annual report on its work."
        )
    elif kind == "date":
        value = (dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(0, 9000))).isoformat()
    elif kind == "table":
        value = {
            row["code"]: {"sent": rng.randint(0, 40), "granted": rng.choice(["yes", "no"])}
            for row in question.config["rows"]
        }
        provisional = rng.random() < 0.1
    elif kind == "legal_reference":
        value = [
            {
                "title": f"Law {rng.randint(1, 999)} of {rng.randint(1990, 2025)} ({iso3})",
                "article": f"Art. {rng.randint(1, 80)}",
                "url": f"https://laws.example.org/{iso3.lower()}/{rng.randint(1, 9999)}",
            }
        ]
    else:  # file
        value = {"id": "00000000-0000-0000-0000-000000000000", "name": f"strategy-{iso3}.pdf"}
    return answer_dict(value, False, provisional, comment)


def load_questionnaire_campaign(world: World, *, replies: int, seed: int = 2026) -> dict[str, Any]:
    """The questionnaire, the campaign to every state and `replies` submitted replies (bulk)."""
    from hemis.accounts.actors import SYSTEM
    from hemis.accounts.models import Role, User
    from hemis.questionnaires import definitions, rules, services
    from hemis.questionnaires.models import Answer, Question, Reply, Revision

    questionnaire = services.questionnaire_load(
        actor=SYSTEM, definition=definitions.check(definition()), publish=True
    )
    today = dt.date.today()
    campaign = services.campaign_create(
        actor=SYSTEM,
        code=CAMPAIGN,
        questionnaire=questionnaire,
        opens_on=today - dt.timedelta(days=60),
        deadline=today - dt.timedelta(days=5),
        states=world.states,
        shared_by_default=True,
    )
    questions = list(Question.objects.filter(questionnaire=questionnaire).order_by("position"))
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    states = list(world.states)
    rng.shuffle(states)
    answering = states[:replies]
    reply_rows = []
    for state in answering:
        submitted = now - dt.timedelta(days=rng.randint(1, 50), minutes=rng.randint(0, 1440))
        reply_rows.append(
            Reply(
                campaign=campaign,
                state=state,
                status=Reply.Status.VALIDATED if rng.random() < 0.3 else Reply.Status.SUBMITTED,
                version=1,
                shared=rng.random() < 0.65,
                first_submitted_at=submitted,
                submitted_at=submitted,
                late=submitted.date() > campaign.deadline,
                revision_count=1,
                created_at=submitted - dt.timedelta(days=3),
                updated_at=submitted,
            )
        )
    Reply.objects.bulk_create(reply_rows, batch_size=500)
    answers, revisions = [], []
    for reply in Reply.objects.filter(campaign=campaign).select_related("state"):
        snapshot: dict[str, dict] = {}
        values: dict[str, Any] = {}
        for question in questions:
            if not rules.is_shown(question, values):
                continue
            answer = answer_for(question, rng, reply.state.iso3)
            if answer is None:
                continue
            values[question.code] = answer["value"]
            snapshot[question.code] = answer
            answers.append(
                Answer(
                    reply=reply,
                    question=question,
                    value=answer["value"],
                    not_available=answer["not_available"],
                    provisional=answer["provisional"],
                    comment=answer["comment"],
                    changed_in=1,
                    updated_at=reply.submitted_at,
                )
            )
        revisions.append(
            Revision(
                reply=reply,
                number=1,
                submitted_at=reply.submitted_at,
                late=reply.late,
                answers=snapshot,
                changes={code: [None, answer] for code, answer in snapshot.items()},
            )
        )
    Answer.objects.bulk_create(answers, batch_size=5000)
    Revision.objects.bulk_create(revisions, batch_size=200)
    waiting = states[replies:]
    shared_iso3 = {row.state.iso3 for row in reply_rows if row.shared}
    shared_states = [state for state in answering[1:] if state.iso3 in shared_iso3]
    analyst = User.objects.create_user(
        "analyst@bench.hemis.example", "bench-password", role=Role.SECRETARIAT_ANALYST
    )
    reader_state = next(s for s in answering if s.iso3 not in {w.iso3 for w in waiting})
    reader = User.objects.create_user(
        "reader@bench.hemis.example",
        "bench-password",
        role=Role.DELEGATION_READER,
        state=reader_state,
    )
    coordinators = {
        state.iso3: User.objects.create_user(
            f"coordinator.{state.iso3.lower()}@bench.hemis.example",
            "bench-password",
            role=Role.STATE_COORDINATOR,
            state=state,
        )
        for state in [*waiting[:1], answering[0], *shared_states[:2]]
    }
    return {
        "campaign": campaign,
        "questions": questions,
        "analyst": analyst,
        "reader": reader,
        "waiting": waiting[0] if waiting else None,
        "amending": answering[0],
        "amending_shared": shared_states[:2],
        "coordinators": coordinators,
        "counts": {
            "questions": len(questions),
            "invited states": len(world.states),
            "submitted replies": len(reply_rows),
            "answers": len(answers),
        },
    }


def signed_in(user):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client(HTTP_HOST=HOST)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.requires_two_factor:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def forget_figures(campaign) -> None:
    """Drop the report's figures from the cache (only their keys: the cache may be shared) and
    from the process's copy, so that the next request counts every reply."""
    from hemis.questionnaires import report

    report.forget(campaign.pk)


def forget_annex_parts() -> None:
    """Delete every stored annex part (rows and files): the next PDF lays out every reply."""
    from hemis.questionnaires.models import AnnexPart

    for part in AnnexPart.objects.all():
        part.file.delete(save=False)
    AnnexPart.objects.all().delete()


def timed_get(client, path: str) -> tuple[float, Any, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, response, len(captured.captured_queries)


def warm(client, path: str, repeat: int) -> dict[str, Any]:
    times = []
    for _ in range(repeat):
        elapsed, response, queries = timed_get(client, path)
        times.append(elapsed)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "queries": queries,
        "bytes": len(response.content),
    }


def submit_one(data: dict[str, Any]) -> float:
    """The 193rd reply through the services, as a coordinator would; returns seconds."""
    from hemis.accounts.actors import SYSTEM
    from hemis.questionnaires import services

    state = data["waiting"]
    coordinator = data["coordinators"][state.iso3]
    rng = random.Random(7)
    answers = {}
    values: dict[str, Any] = {}
    from hemis.questionnaires import rules

    for question in data["questions"]:
        if question.kind == "file" or not rules.is_shown(question, values):
            continue
        answer = answer_for(question, rng, state.iso3)
        if answer is None and question.required:
            continue
        if answer is None:
            continue
        values[question.code] = answer["value"]
        answers[question.code] = {k: v for k, v in answer.items() if v not in (None, False, "")}
    reply = services.reply_start(campaign=data["campaign"], state=state, actor=SYSTEM)
    started = time.perf_counter()
    services.reply_save_answers(
        reply=reply, actor=coordinator, answers=answers, base_version=reply.version
    )
    services.reply_submit(reply=reply, actor=coordinator)
    return time.perf_counter() - started


def amend_one(data: dict[str, Any], state=None) -> float:
    from hemis.questionnaires import services
    from hemis.questionnaires.models import Reply

    state = state or data["amending"]
    coordinator = data["coordinators"][state.iso3]
    reply = Reply.objects.get(campaign=data["campaign"], state=state)
    started = time.perf_counter()
    services.reply_reopen(reply=reply, actor=coordinator)
    reply.refresh_from_db()
    number = next(q for q in data["questions"] if q.kind == "number")
    services.reply_save_answers(
        reply=reply, actor=coordinator, answers={number.code: 12345}, base_version=reply.version
    )
    services.reply_submit(reply=reply, actor=coordinator)
    return time.perf_counter() - started


def run_measures(data: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    import io

    from pypdf import PdfReader

    campaign = data["campaign"]
    report = f"/en/questionnaires/{campaign.code}/report/"
    analyst, reader = signed_in(data["analyst"]), signed_in(data["reader"])
    result: dict[str, Any] = {"page": {}}

    def line(label: str, value: str) -> None:
        print(f"  {label:<52} {value}", flush=True)

    # The first request of the process also loads templates and translations: not the report.
    timed_get(analyst, "/en/questionnaires/")
    from hemis.questionnaires import report as figures_module

    started = time.perf_counter()
    figures_module.compute(campaign)
    result["page"]["compute_ms"] = round((time.perf_counter() - started) * 1000, 1)
    line("report.compute alone (figures, no cache)", f"{result['page']['compute_ms']:8.1f} ms")
    for who, client in (("analyst", analyst), ("reader", reader)):
        forget_figures(campaign)
        cold, response, queries = timed_get(client, report)
        result["page"][f"{who}_cold_ms"] = round(cold, 1)
        result["page"][f"{who}_cold_queries"] = queries
        line(f"report page, {who}, cold", f"{cold:8.1f} ms  {queries} queries")
        measured = warm(client, report, args.repeat)
        result["page"][f"{who}_warm"] = measured
        line(
            f"report page, {who}, warm",
            f"p50 {measured['p50_ms']:.1f} ms  p95 {measured['p95_ms']:.1f} ms  "
            f"{measured['queries']} queries  {measured['bytes'] / 1024:.0f} KB",
        )
    section = warm(analyst, report + "?section=A", args.repeat)
    result["page"]["section_warm"] = section
    line("report page, one section (A), analyst, warm", f"p50 {section['p50_ms']:.1f} ms")

    if data["waiting"] is not None:
        seconds = submit_one(data)
        after, _response, queries = timed_get(analyst, report)
        result["page"]["after_submit_ms"] = round(after, 1)
        result["page"]["submit_s"] = round(seconds, 2)
        line("193rd reply submitted (services)", f"{seconds * 1000:8.1f} ms")
        line("report page right after it, analyst", f"{after:8.1f} ms  {queries} queries")
        after_reader, _response, _queries = timed_get(reader, report)
        result["page"]["after_submit_reader_ms"] = round(after_reader, 1)
        line("report page then, reader (figures updated)", f"{after_reader:8.1f} ms")
    seconds = amend_one(data)
    after, _response, _queries = timed_get(analyst, report)
    result["page"]["after_amend_ms"] = round(after, 1)
    line("a reply amended (reopen, change, submit)", f"{seconds * 1000:8.1f} ms")
    line("report page right after it, analyst", f"{after:8.1f} ms")

    exports: dict[str, Any] = {}
    for label, path in (
        ("xlsx_analyst", f"/en/questionnaires/{campaign.code}/report.xlsx"),
        ("docx_analyst", f"/en/questionnaires/{campaign.code}/report.docx"),
    ):
        started = time.perf_counter()
        response = analyst.get(path)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        exports[label] = {"s": round(elapsed, 2), "bytes": len(response.content)}
        line(label.replace("_", ", "), f"{elapsed:8.2f} s  {len(response.content) / 1024:.0f} KB")
    pdf_path = f"/en/questionnaires/{campaign.code}/report.pdf"

    def pdf() -> tuple[float, int]:
        started = time.perf_counter()
        response = analyst.get(pdf_path)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        return elapsed, len(PdfReader(io.BytesIO(response.content)).pages)

    forget_annex_parts()
    cold, pages = pdf()
    exports["pdf_cold"] = {"s": round(cold, 2), "pages": pages}
    line("PDF, analyst, fully cold (no annex part stored)", f"{cold:8.2f} s  {pages} pages")
    pdf_runs = [pdf()[0] for _ in range(args.pdf_runs)]
    exports["pdf_analyst"] = {"runs": [round(t, 2) for t in pdf_runs], "pages": pages}
    line(
        "PDF, analyst, every annex part stored",
        f"{min(pdf_runs):.2f}–{max(pdf_runs):.2f} s  {pages} pages",
    )
    from hemis.questionnaires.models import Reply
    from hemis.questionnaires.report import pdf as report_pdf

    first, second = data["amending_shared"]
    amend_one(data, first)
    reply = Reply.objects.get(campaign=campaign, state=first)
    started = time.perf_counter()
    laid_out = report_pdf.prepare_annex_parts(reply.pk)
    task = time.perf_counter() - started
    after_task, _pages = pdf()
    exports["annex_task_s"] = round(task, 2)
    exports["annex_task_parts"] = laid_out
    exports["pdf_after_task_s"] = round(after_task, 2)
    line(f"background task after an amendment ({laid_out} languages)", f"{task:8.2f} s")
    line("PDF then, analyst", f"{after_task:8.2f} s")
    amend_one(data, second)
    before_task, _pages = pdf()
    exports["pdf_before_task_s"] = round(before_task, 2)
    line("PDF right after an amendment (its part laid out then)", f"{before_task:8.2f} s")
    result["exports"] = exports
    return result


def versions() -> str:
    import platform

    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return f"Python {platform.python_version()}, Django {django.__version__}, PostgreSQL {postgres}"


def prepare(url: str, *, replies: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import transaction

    recreate_database(url)
    setup_django(url)
    call_command("migrate", interactive=False, verbosity=0)
    world = World(options=Options())
    for loader in (load_subregions, load_states, load_participations):
        with transaction.atomic():
            loader(world)
    with transaction.atomic():
        data = load_questionnaire_campaign(world, replies=replies)
    analyze()
    from django.conf import settings

    settings.MEDIA_ROOT = OUT_DIR / "media"  # the stored annex parts
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return data


def verdict(value: float, target: float) -> str:
    return "met" if value < target else "**missed**"


def markdown(result: dict[str, Any]) -> str:
    page, exports = result["page"], result["exports"]
    pdf = exports["pdf_analyst"]
    m = result["machine"]
    lines = [
        "# Questionnaire report at world scale",
        "",
        f"Run {result['when']} on {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, load "
        f"average {m['load_average_before']:.1f} before the run and "
        f"{result['load_average_after']:.1f} after ({result['versions']}); database "
        f"{result['database']}; cache: {result['cache']}.",
        "",
        "Data: " + ", ".join(f"{v:,} {k}" for k, v in result["counts"].items()) + ". A "
        "generated questionnaire of 10 sections × 30 questions (every kind, conditions, "
        "comments, needs questions), a campaign to 193 states; 192 replies loaded in bulk "
        "(Answer rows and revision snapshots as the services write them), about 65 % shared; "
        "then the 193rd submitted through `services.reply_submit` during the run.",
        "",
        "Server time in-process (Django's test client, DEBUG off, one request at a time); "
        '"cold" is the page with the figures dropped from the cache and from the process (every '
        "reply counted); after a submission or an amendment, the figures are updated for that "
        "reply.",
        "",
        "| measure | result | target | verdict |",
        "| --- | ---: | ---: | --- |",
        f"| report page, Secretariat analyst, cold | {page['analyst_cold_ms']} ms "
        f"({page['analyst_cold_queries']} queries) | < 1,000 ms | "
        f"{verdict(page['analyst_cold_ms'], TARGETS['cold_ms'])} |",
        f"| of which `report.compute` (every reply counted) | {page['compute_ms']} ms | | |",
        f"| report page, delegation reader, cold | {page['reader_cold_ms']} ms | < 1,000 ms | "
        f"{verdict(page['reader_cold_ms'], TARGETS['cold_ms'])} |",
        f"| report page, analyst, warm (p50 / p95 of {result['repeat']}) | "
        f"{page['analyst_warm']['p50_ms']} / {page['analyst_warm']['p95_ms']} ms, "
        f"{page['analyst_warm']['queries']} queries, "
        f"{page['analyst_warm']['bytes'] / 1024:.0f} KB | | |",
        f"| report page, reader, warm (p50 / p95) | {page['reader_warm']['p50_ms']} / "
        f"{page['reader_warm']['p95_ms']} ms, {page['reader_warm']['bytes'] / 1024:.0f} KB | | |",
        f"| report page, one section (`?section=A`), analyst, warm p50 | "
        f"{page['section_warm']['p50_ms']} ms | | |",
    ]
    if "after_submit_ms" in page:
        lines += [
            f"| 193rd reply saved and submitted through the services | {page['submit_s']} s | | |",
            f"| report page right after that submission, analyst | {page['after_submit_ms']} ms "
            f"| < 200 ms | {verdict(page['after_submit_ms'], TARGETS['after_submit_ms'])} |",
            f"| then the reader (figures already updated) | {page['after_submit_reader_ms']} "
            f"ms | | |",
        ]
    lines += [
        f"| report page right after an amendment, analyst | {page['after_amend_ms']} ms | "
        f"< 200 ms | {verdict(page['after_amend_ms'], TARGETS['after_submit_ms'])} |",
        f"| XLSX (193 × 300 rows), analyst | {exports['xlsx_analyst']['s']} s, "
        f"{exports['xlsx_analyst']['bytes'] / 1024:.0f} KB | | |",
        f"| DOCX, analyst | {exports['docx_analyst']['s']} s, "
        f"{exports['docx_analyst']['bytes'] / 1024:.0f} KB | | |",
        f"| PDF, analyst (annex: shared replies), every annex part stored | "
        f"{', '.join(str(t) for t in pdf['runs'])} s, {pdf['pages']} pages | < 15 s | "
        f"{verdict(max(pdf['runs']), TARGETS['pdf_s'])} |",
        f"| background task after a shared reply's amendment ({exports['annex_task_parts']} "
        f"languages) | {exports['annex_task_s']} s | | |",
        f"| PDF after that task | {exports['pdf_after_task_s']} s | < 15 s | "
        f"{verdict(exports['pdf_after_task_s'], TARGETS['pdf_s'])} |",
        f"| PDF right after an amendment, before its task (one part laid out) | "
        f"{exports['pdf_before_task_s']} s | | |",
        f"| PDF fully cold (no annex part stored: every one laid out) | "
        f"{exports['pdf_cold']['s']} s | | |",
        "",
        "Command: `bench/run_questionnaires_report.sh` (or `.venv/bin/python -m "
        f"bench.questionnaires_report --repeat {result['repeat']} --pdf-runs {len(pdf['runs'])}`).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.questionnaires_report", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--pdf-runs", type=int, default=2)
    parser.add_argument(
        "--redis-url",
        default="",
        help="cache the figures in this Redis database (e.g. redis://127.0.0.1:6379/13); "
        "the default is the process's memory",
    )
    args = parser.parse_args(argv)
    if "bench" not in database_name(args.database_url):
        parser.error("the bench database's name must contain 'bench'")
    for name in ("HEMIS_TESTING", "HEMIS_DEMO", "REDIS_URL"):
        os.environ.pop(name, None)
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        HEMIS_HTTPS="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        STATIC_ROOT=str(OUT_DIR / "static"),
        LOG_LEVEL="WARNING",
    )
    print(f"Preparing {database_name(args.database_url)}", flush=True)
    started = time.perf_counter()
    data = prepare(args.database_url, replies=192)
    print(f"  ready in {time.perf_counter() - started:.1f} s: {data['counts']}", flush=True)
    result = {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "versions": versions(),
        "database": database_name(args.database_url),
        "cache": f"Redis ({args.redis_url})" if args.redis_url else "local memory",
        "counts": data["counts"],
        "repeat": args.repeat,
        **run_measures(data, args),
        "load_average_after": os.getloadavg()[0],
    }
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "questionnaires_report.json").write_text(json.dumps(result, indent=2))
    (OUT_DIR / "questionnaires_report.md").write_text(markdown(result))
    print(f"Wrote {OUT_DIR / 'questionnaires_report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
