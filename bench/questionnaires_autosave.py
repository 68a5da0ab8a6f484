"""The reply autosave benchmark: 50 people editing replies at once, and a 1,000-question reply.

    .venv/bin/python -m bench.questionnaires_autosave   # or bench/run_questionnaires_autosave.sh

Recreates its own database, hemis_bench_autosave, with bench.generate's world (193 states in the
UN's regions), a generated questionnaire of 10 sections × 100 questions (every kind, conditions,
comments), an open campaign to the 193 states and a reply per state with about half of its
answers given (loaded in bulk as `services.reply_save_answers` writes them). Editors are state
contributors (`--per-state` of them in each of `--editors / --per-state` states), each signed in
with a session of their own.

Then `hemis serve` (gunicorn, production-like settings, the access log giving gunicorn's own time
per request) and:

1. every editor opens the reply's edit page (the 1,000-question page's server time and size);
2. the editors save answers concurrently through the real autosave endpoint, as the page's htmx
   does (POST of one question's form fields with the session cookie, the CSRF token and
   `base_version`, `HX-Request`), each waiting `--think` seconds on average between two saves
   (10 s: someone working through the questions; 1 s: everyone typing without a break, as htmx
   saves 1 s after the last keystroke), for `--duration` seconds; then the same with no pause at
   all (the server's capacity);
3. Chromium (Playwright) opens the 1,000-question page: navigation timings, the first autosave
   round trip on the 1,000th question (change → "Saved"), the delay from a keystroke to the
   next frame while typing there, and input → "Saved" (with htmx's 1 s pause).

Reports server-side p50/p95/p99 (gunicorn's access log), client-side p50/p95/p99, saves per
second, errors and conflicts, CPU per save and the load average. Writes
bench/out/questionnaires_autosave.json and .md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import re
import secrets
import shlex
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from bench.directory_profile import percentile
from bench.foundation import (
    HOST,
    CpuMeter,
    free_port,
    machine,
    run,
    served,
    server_environment,
)
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
from bench.questionnaires_report import KIND_CYCLE, _texts, answer_for, question_definition

DATABASE_URL = os.environ.get(
    "BENCH_AUTOSAVE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hemis_bench_autosave"
)
OUT_DIR = Path(__file__).resolve().parent / "out"
CAMPAIGN = "autosave-2026"
ACCESS_LOG_FORMAT = "%(D)s %(s)s %(m)s %(U)s"
TARGET_P95_MS = 100
VERSION = re.compile(rb'data-version="(\d+)"')
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def definition(sections: int, per_section: int) -> dict[str, Any]:
    """A long questionnaire: every kind in each block of ten, a condition in each block, a file
    question mid-section and a short text last (the one the browser types into)."""
    result = []
    for s in range(sections):
        code = chr(ord("A") + s)
        questions = []
        for q in range(per_section):
            kind = KIND_CYCLE[q % len(KIND_CYCLE)]
            if q == per_section // 2:
                kind = "file"
            if q == per_section - 1:
                kind = "short_text"
            questions.append(question_definition(s, code, q, kind, needs=False))
        result.append({"code": code, "title": _texts(f"Section {code}"), "questions": questions})
    return {
        "code": "world-long",
        "version": 1,
        "base_language": "en",
        "title": _texts("A long questionnaire on transnational organized crime"),
        "sections": result,
    }


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """The world, the questionnaire, the campaign, half-answered replies and signed-in editors."""
    recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction

    from hemis.accounts.actors import SYSTEM
    from hemis.accounts.models import Role, User
    from hemis.questionnaires import definitions, rules, services
    from hemis.questionnaires.models import Answer, Question, Reply

    call_command("migrate", interactive=False, verbosity=0)
    world = World(options=Options())
    for loader in (load_subregions, load_states, load_participations):
        with transaction.atomic():
            loader(world)
    today = dt.date.today()
    with transaction.atomic():
        questionnaire = services.questionnaire_load(
            actor=SYSTEM,
            definition=definitions.check(definition(args.sections, args.per_section)),
            publish=True,
        )
        campaign = services.campaign_create(
            actor=SYSTEM,
            code=CAMPAIGN,
            questionnaire=questionnaire,
            opens_on=today - dt.timedelta(days=20),
            deadline=today + dt.timedelta(days=40),
            states=world.states,
            shared_by_default=False,
        )
    questions = list(Question.objects.filter(questionnaire=questionnaire).order_by("position"))
    rng = random.Random(2026)
    replies = Reply.objects.bulk_create(
        [Reply(campaign=campaign, state=state, version=1) for state in world.states]
    )
    answers = []
    for reply, state in zip(replies, world.states, strict=True):
        values: dict[str, Any] = {}
        for question in questions:
            if rng.random() < 0.5 or not rules.is_shown(question, values):
                continue
            answer = answer_for(question, rng, state.iso3)
            if answer is None or question.kind == "file":
                continue
            values[question.code] = answer["value"]
            answers.append(Answer(reply=reply, question=question, changed_in=1, **answer))
    Answer.objects.bulk_create(answers, batch_size=5000)

    editing = sorted(world.states, key=lambda s: s.iso3)[:: max(1, 193 // args.states)][
        : args.states
    ]
    editors = []
    for index, state in enumerate(editing):
        for n in range(args.per_state + (1 if index == 0 else 0)):  # one more: the browser's
            user = User.objects.create_user(
                f"contributor{n}.{state.iso3.lower()}@bench.hemis.example",
                None,
                role=Role.STATE_CONTRIBUTOR,
                state=state,
            )
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.set_expiry(6 * 3600)
            session.create()
            editors.append({"iso3": state.iso3, "n": n, "session": session.session_key})
    analyze()
    return {
        "questions": [
            {"code": q.code, "kind": q.kind, "config": q.config, "comment": q.allows_comment}
            for q in questions
        ],
        "editors": editors,
        "counts": {
            "questions": len(questions),
            "invited states": len(world.states),
            "replies": len(replies),
            "answers": len(answers),
            "editing states": len(editing),
        },
    }


def form_fields(question: dict[str, Any], rng: random.Random, iso3: str) -> list[tuple]:
    """What the question's form posts (reply_question.html), with a new realistic value."""
    kind, config = question["kind"], question["config"]
    fields: list[tuple[str, str]] = []
    if kind == "yes_no":
        fields.append(("value", rng.choice(["yes", "no", "partly", "unknown"])))
    elif kind == "single_choice":
        fields.append(("value", rng.choice([o["code"] for o in config["options"]])))
    elif kind == "multiple_choice":
        codes = [o["code"] for o in config["options"]]
        fields += [("value", code) for code in rng.sample(codes, rng.randint(1, 3))]
    elif kind == "number":
        fields.append(("value", str(rng.randint(0, 5000))))
        if rng.random() < 0.2:
            fields.append(("provisional", "on"))
    elif kind == "short_text":
        fields.append(("value", f"National unit {rng.randint(1, 999)} of {iso3}"))
    elif kind == "long_text":
        fields.append(
            (
                "value",
                f"{iso3}: the national committee met {rng.randint(1, 12)} times this year and "
                "coordinated police, customs and prosecutors on cases of organized crime.",
            )
        )
    elif kind == "date":
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(0, 9000))
        fields.append(("value", day.isoformat()))
    elif kind == "table":
        for row in config["rows"]:
            fields.append((f"cell:{row['code']}:sent", str(rng.randint(0, 40))))
            fields.append((f"cell:{row['code']}:granted", rng.choice(["yes", "no"])))
    elif kind == "legal_reference":
        fields += [
            ("references", "3"),
            ("ref-0-title", f"Law {rng.randint(1, 999)} of {rng.randint(1990, 2025)}"),
            ("ref-0-article", f"Art. {rng.randint(1, 80)}"),
            ("ref-0-url", f"https://laws.example.org/{iso3.lower()}/{rng.randint(1, 9999)}"),
        ]
    if question["comment"] and rng.random() < 0.3:
        fields.append(("comment", f"Source: national agency, {rng.randint(2020, 2026)}."))
    return fields


class Editor:
    """One person at one computer: a session, the page's CSRF token and its answers' versions."""

    def __init__(self, base: str, editor: dict[str, Any], questions: list[dict], per_state: int):
        self.host, self.port = (
            urllib.parse.urlsplit(base).hostname,
            urllib.parse.urlsplit(base).port,
        )
        self.iso3 = editor["iso3"]
        self.cookies = {"sessionid": editor["session"]}
        # Two people of a state answer different questions (the same one is a conflict, tested
        # in the browser tests): editor n takes every per_state-th question.
        self.questions = [
            q
            for i, q in enumerate(questions)
            if q["kind"] != "file" and i % per_state == editor["n"] % per_state
        ]
        self.rng = random.Random(f"{self.iso3}{editor['n']}")
        self.base_versions: dict[str, int] = {}
        self.page_version = 0
        self.token = ""
        self.page_bytes = 0

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(
                method, path, body=body or None, headers={"Cookie": cookie, **(headers or {})}
            )
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return response.status, content
        finally:
            connection.close()

    def open_page(self, query: str = "") -> None:
        path = f"/en/questionnaires/{CAMPAIGN}/{self.iso3}/edit/{query}"
        status, body = self.request("GET", path)
        if status != 200:
            raise SystemExit(f"{self.iso3}'s edit page answered {status}")
        self.token = CSRF_INPUT.search(body).group(1).decode()
        self.page_version = int(VERSION.search(body).group(1))
        self.page_bytes = len(body)

    def save_one(self) -> tuple[float, str]:
        """One autosave: (client-side ms, outcome: saved, unchanged, conflict or error)."""
        question = self.rng.choice(self.questions)
        code = question["code"]
        fields = [
            ("csrfmiddlewaretoken", self.token),
            ("base_version", str(self.base_versions.get(code, self.page_version))),
            *form_fields(question, self.rng, self.iso3),
        ]
        body = urllib.parse.urlencode(fields).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
            "HX-Current-URL": f"http://{self.host}:{self.port}/en/questionnaires/{CAMPAIGN}/{self.iso3}/edit/",
        }
        path = f"/en/questionnaires/{CAMPAIGN}/{self.iso3}/answers/{code}/"
        started = time.perf_counter()
        try:
            status, content = self.request("POST", path, body, headers)
        except OSError:
            return (time.perf_counter() - started) * 1000, "error"
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            return elapsed, "error"
        if b"has-conflict" in content:
            return elapsed, "conflict"
        if b"field-error" in content:
            return elapsed, "error"
        version = VERSION.search(content)
        if version:
            self.base_versions[code] = int(version.group(1))
        return elapsed, "saved" if b"No change" not in content else "unchanged"


def access_times(access_log: Path, offset: int, method: str, marker: str) -> list[float]:
    """gunicorn's own time (ms) of each request logged after `offset` whose path has `marker`."""
    times = []
    with access_log.open("rb") as log:
        log.seek(offset)
        for line in log.read().decode(errors="replace").splitlines():
            parts = line.split(" ", 3)
            if len(parts) == 4 and parts[2] == method and marker in parts[3] and parts[1] == "200":
                times.append(int(parts[0]) / 1000)
    return times


def figures(times: list[float]) -> dict[str, float | None]:
    if not times:
        return {"p50": None, "p95": None, "p99": None, "max": None}
    return {
        "p50": round(percentile(times, 50), 1),
        "p95": round(percentile(times, 95), 1),
        "p99": round(percentile(times, 99), 1),
        "max": round(max(times), 1),
    }


def load(
    editors: list[Editor], *, duration: float, think: float, meter: CpuMeter, access_log: Path
):
    """Every editor saving for `duration` seconds, pausing think × U(0.5, 1.5) between saves."""
    results: list[tuple[float, str]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def work(editor: Editor) -> None:
        local = []
        # Editors do not start in step: each begins at a random moment of the first pause.
        time.sleep(editor.rng.uniform(0, think))
        while time.monotonic() < stop_at:
            local.append(editor.save_one())
            if think:
                time.sleep(think * editor.rng.uniform(0.5, 1.5))
        with lock:
            results.extend(local)

    offset = access_log.stat().st_size
    cpu_before = meter.snapshot()
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    time.sleep(0.5)  # gunicorn writes its access log line after the response
    cpu = meter.spent(cpu_before)
    client_ms = [ms for ms, _outcome in results]
    outcomes = {
        o: sum(1 for _ms, x in results if x == o)
        for o in ("saved", "unchanged", "conflict", "error")
    }
    server_ms = access_times(access_log, offset, "POST", "/answers/")
    return {
        "editors": len(editors),
        "think_s": think,
        "seconds": round(elapsed, 1),
        "saves": len(results),
        "saves_per_s": round(len(results) / elapsed, 1),
        "outcomes": outcomes,
        "server_ms": figures(server_ms),
        "client_ms": figures(client_ms),
        "cpu_ms_per_save": {k: round(v * 1000 / max(1, len(results)), 1) for k, v in cpu.items()},
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


BROWSER_SCRIPT = """
async (code) => {
  const box = document.getElementById("q-" + code);
  const field = document.getElementById("v-" + code);
  const status = document.getElementById("status-" + code);
  box.scrollIntoView();
  const saved = () => new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (document.getElementById("status-" + code).textContent.includes("Saved")) {
        observer.disconnect(); resolve(performance.now());
      }
    });
    observer.observe(document.getElementById("q-" + code),
                     {subtree: true, childList: true, characterData: true});
  });
  status.textContent = "";
  let waiting = saved();
  let started = performance.now();
  field.value = "Unit of the bench (change)";
  field.dispatchEvent(new Event("change", {bubbles: true}));
  const changeToSaved = (await waiting) - started;
  return {changeToSaved};
}
"""

KEYSTROKES = """
(code) => {
  window.__frames = [];
  const field = document.getElementById("v-" + code);
  field.addEventListener("keydown", (event) => {
    const at = event.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__frames.push(performance.now() - at), 0));
  });
  field.value = "";
  field.focus();
}
"""


def whole_page(editor: dict[str, Any], repeat: int) -> dict[str, Any]:
    """The edit page with every question at once, as it was before sections were paged:
    rendered in this process by Django's test client (DEBUG off), the limit raised."""
    from django.test import Client

    from hemis.questionnaires import views

    client = Client(HTTP_HOST=HOST)
    client.cookies["sessionid"] = editor["session"]
    path = f"/en/questionnaires/{CAMPAIGN}/{editor['iso3']}/edit/"
    limit, views.EDIT_PAGE_QUESTIONS = views.EDIT_PAGE_QUESTIONS, 10**6
    try:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
    finally:
        views.EDIT_PAGE_QUESTIONS = limit
    return {"server_ms": figures(times[1:] or times), "bytes": len(response.content)}


def browser_measures(
    base: str, editor: dict[str, Any], iso3: str, last_code: str, runs: int
) -> dict:
    """Chromium on the 1,000-question page: load, first autosave, typing."""
    from playwright.sync_api import sync_playwright

    from hemis.testing.browser import CHROMIUM, CHROMIUM_ARGS

    url = f"{base}/en/questionnaires/{CAMPAIGN}/{iso3}/edit/?section={last_code[0]}"
    result: dict[str, list] = {
        k: []
        for k in (
            "response_end",
            "dom_interactive",
            "dom_content_loaded",
            "load",
            "change_to_saved",
            "keystroke_to_frame",
            "input_to_saved",
        )
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        for _run in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([{"name": "sessionid", "value": editor["session"], "url": base}])
            page = context.new_page()
            page.goto(url, wait_until="load")
            timing = page.evaluate(
                "JSON.parse(JSON.stringify(performance.getEntriesByType('navigation')[0]))"
            )
            result["response_end"].append(timing["responseEnd"])
            result["dom_interactive"].append(timing["domInteractive"])
            result["dom_content_loaded"].append(timing["domContentLoadedEventEnd"])
            result["load"].append(timing["loadEventEnd"])
            measured = page.evaluate(BROWSER_SCRIPT, last_code)
            result["change_to_saved"].append(measured["changeToSaved"])
            page.evaluate(KEYSTROKES, last_code)
            status = page.locator(f"#status-{last_code}")
            page.evaluate(f"document.getElementById('status-{last_code}').textContent = ''")
            page.keyboard.type("National unit of the bench", delay=60)
            typed = page.evaluate("performance.now()")
            status.filter(has_text="Saved").wait_for(timeout=15_000)
            result["input_to_saved"].append(page.evaluate("performance.now()") - typed)
            result["keystroke_to_frame"].extend(page.evaluate("window.__frames"))
            context.close()
        browser.close()
    summary: dict[str, Any] = {}
    for key, values in result.items():
        summary[key] = {
            "p50": round(statistics.median(values), 1),
            "p95": round(percentile(values, 95), 1),
            "max": round(max(values), 1),
            "n": len(values),
        }
    return summary


def markdown(result: dict[str, Any]) -> str:
    m, s = result["machine"], result["settings"]
    page = result["page"]
    lines = [
        "# Reply autosave at world scale",
        "",
        f"Run {result['started']} on {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; load "
        f"average {m['load_average_before']:.2f} before, {m['load_average_after']:.2f} after. "
        f"Database {result['database']}; {s['workers']} gunicorn workers × {s['threads']} threads.",
        "",
        "Data: " + ", ".join(f"{v:,} {k}" for k, v in result["counts"].items()) + ".",
        "",
        "| run | saves/s | server p50 / p95 / p99 ms | client p50 / p95 / p99 ms | errors "
        "| conflicts | CPU ms/save (app + db) | load avg |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, run_ in result["runs"].items():
        sv, cl, o = run_["server_ms"], run_["client_ms"], run_["outcomes"]
        cpu = run_["cpu_ms_per_save"]
        lines.append(
            f"| {label} ({run_['editors']} editors, {run_['seconds']:.0f} s) "
            f"| {run_['saves_per_s']} "
            f"| {sv['p50']} / {sv['p95']} / {sv['p99']} "
            f"| {cl['p50']} / {cl['p95']} / {cl['p99']} | "
            f"{o['error']} | {o['conflict']} | {cpu['app']} + {cpu['db']} | "
            f"{run_['load_average'][0]} → {run_['load_average'][1]} |"
        )
    lines += [
        "",
        f"The edit page ({result['counts']['questions']} questions): "
        + "; ".join(
            f"{label}: server p50 {v['server_ms']['p50']} ms, p95 {v['server_ms']['p95']} ms, "
            f"{v['bytes'] / 1024:.0f} KB"
            for label, v in page.items()
        )
        + ".",
        "",
    ]
    if result.get("browser"):
        lines += [
            "| in Chromium (ms) | p50 | p95 | max | n |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for label, v in result["browser"].items():
            lines.append(f"| {label} | {v['p50']} | {v['p95']} | {v['max']} | {v['n']} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.questionnaires_autosave", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--editors", type=int, default=50)
    parser.add_argument("--per-state", type=int, default=2, help="editors of one reply")
    parser.add_argument("--sections", type=int, default=10)
    parser.add_argument("--per-section", type=int, default=100)
    parser.add_argument("--duration", type=int, default=60, help="measured seconds per run")
    parser.add_argument(
        "--think",
        default="10,1",
        help="mean pauses between an editor's saves, one run each (s, comma-separated); a run "
        "with no pause (the capacity) follows",
    )
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--page-repeat", type=int, default=20)
    parser.add_argument("--browser-runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    args.states = max(1, args.editors // args.per_state)

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(50)
    for name in ("HEMIS_TESTING", "HEMIS_DEMO", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        HEMIS_HTTPS="false",
        SECRET_KEY=secret,  # the server checks the sessions made here with it
        ALLOWED_HOSTS=HOST,
        STATIC_ROOT=str(OUT_DIR / "static"),
        LOG_LEVEL="WARNING",
        SESSION_IDLE_SECONDS=str(6 * 3600),
    )
    result: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "database": database_name(args.database_url),
    }
    print(f"Preparing {result['database']}", flush=True)
    started = time.perf_counter()
    data = prepare(args)
    result["counts"] = data["counts"]
    print(f"  {data['counts']} in {time.perf_counter() - started:.0f} s", flush=True)

    env = server_environment(args.database_url, "")
    env["SECRET_KEY"] = secret
    env["CONN_MAX_AGE"] = "900"
    env["SESSION_IDLE_SECONDS"] = str(6 * 3600)
    env["GUNICORN_CMD_ARGS"] = "--access-logformat " + shlex.quote(ACCESS_LOG_FORMAT)
    collect = [sys.executable, "-m", "hemis", "collectstatic", "--noinput", "--verbosity", "0"]
    vendor = Path(__file__).resolve().parent.parent / "hemis" / "static" / "vendor"
    if not (vendor / "vega-lite.min.js.map").exists():
        # scripts/copy-vendor.mjs leaves out the source map vega-lite.min.js names, and the
        # manifest storage refuses the file then; the reply pages do not use Vega-Lite.
        print("  (vendor/vega-lite.min.js.map missing: vega-lite.min.js not collected)")
        collect += ["--ignore", "vega-lite.min.js"]
    run(collect, env)
    port = args.port or free_port()
    base = f"http://{HOST}:{port}"
    access_log = OUT_DIR / "questionnaires_autosave_access.log"
    result["settings"] = {
        k: getattr(args, k)
        for k in ("editors", "per_state", "duration", "think", "workers", "threads")
    }
    browser_editor = next(e for e in data["editors"] if e["n"] == args.per_state)
    editors_data = [e for e in data["editors"] if e is not browser_editor][: args.editors]
    with served(
        env,
        port=port,
        workers=args.workers,
        threads=args.threads,
        log=OUT_DIR / "questionnaires_autosave_server.log",
        access_log=access_log,
    ) as server:
        meter = CpuMeter(server.pid, args.database_url)
        editors = [Editor(base, e, data["questions"], args.per_state) for e in editors_data]
        print(f"Serving on {base}; {len(editors)} editors open their reply", flush=True)
        offset = access_log.stat().st_size
        for editor in editors:
            editor.open_page()
        time.sleep(0.5)
        page: dict[str, Any] = {}
        opened = access_times(access_log, offset, "GET", "/edit/")
        page["opened by the editors"] = {
            "server_ms": figures(opened),
            "bytes": editors[0].page_bytes,
        }
        offset = access_log.stat().st_size
        for _ in range(args.page_repeat):
            editors[0].open_page()
        time.sleep(0.5)
        page["first section, one request at a time"] = {
            "server_ms": figures(access_times(access_log, offset, "GET", "/edit/")),
            "bytes": editors[0].page_bytes,
        }
        last_section = data["questions"][-1]["code"][0]
        offset = access_log.stat().st_size
        for _ in range(args.page_repeat):
            editors[0].open_page(f"?section={last_section}")
        time.sleep(0.5)
        page[f"last section ({last_section}), one request at a time"] = {
            "server_ms": figures(access_times(access_log, offset, "GET", "/edit/")),
            "bytes": editors[0].page_bytes,
        }
        page["every question on one page (in-process, for comparison)"] = whole_page(
            editors_data[0], args.page_repeat
        )
        result["page"] = page
        for label, v in page.items():
            print(
                f"  edit page, {label}: {v['server_ms']} ms, {v['bytes'] / 1024:.0f} KB", flush=True
            )

        runs = {}
        pauses = [float(t) for t in args.think.split(",") if t.strip()]
        for label, think in (
            *((f"a save every ~{t:g} s each", t) for t in pauses),
            ("no pause (capacity)", 0.0),
        ):
            print(f"Run: {label}, {args.duration} s", flush=True)
            runs[label] = load(
                editors, duration=args.duration, think=think, meter=meter, access_log=access_log
            )
            print("  " + json.dumps(runs[label]), flush=True)
        result["runs"] = runs

        if args.browser_runs:
            print("Chromium on the edit page", flush=True)
            last = data["questions"][-1]["code"]
            result["browser"] = browser_measures(
                base, browser_editor, browser_editor["iso3"], last, args.browser_runs
            )
            for key, v in result["browser"].items():
                print(f"  {key}: {v}", flush=True)
    result["machine"]["load_average_after"] = os.getloadavg()[0]
    (OUT_DIR / "questionnaires_autosave.json").write_text(json.dumps(result, indent=2) + "\n")
    report = markdown(result)
    (OUT_DIR / "questionnaires_autosave.md").write_text(report)
    print("\n" + report)
    with contextlib.suppress(OSError):
        access_log.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
