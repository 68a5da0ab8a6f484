"""The directory's pages and exports measured in-process, with a bench API token.

    .venv/bin/python -m bench.directory_profile token        # prints a new token's key
    .venv/bin/python -m bench.directory_profile measure --token KEY [--json] [--profile]

`token` creates an API token for a Secretariat analyst of the generated world through
`hemis.accounts.services.api_token_create` (audited like any other) and prints its key once.
`measure` requests each directory page of PAGES `--repeat` times through Django's test client
(no network, no gunicorn; the bearer token in the Authorization header, as scripts send it),
timing each request on its own: that wall time is the "server time" of the directory's targets.
It also counts each page's SQL queries and their time, EXPLAIN ANALYZEs them, times the full PDF
edition `--pdf-runs` times (pages counted with pypdf), splitting each run's time into its stages,
and the XLSX and the CSV once each. With --profile it writes cProfile's hot functions of the PDF and
of the slowest page into bench/out/. Needs collected static files (bench.directory does that) and
DEBUG off, like the server.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import gc
import io
import json
import os
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

from bench.directory_data import COMMON_SURNAME
from bench.generate import EMAIL_DOMAIN, setup_django

# Its own database, so that it may run while the foundation benchmark uses hemis_bench.
DATABASE_URL = os.environ.get(
    "BENCH_DIRECTORY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hemis_bench_directory"
)
OUT_DIR = Path(__file__).resolve().parent / "out"
HOST = "127.0.0.1"

# label, path: the directory's searches and filters, as a user's browser asks for them.
PAGES = [
    ("text search", f"/en/directory/?q={COMMON_SURNAME}"),
    ("state filter", "/en/directory/?state=BRA"),
    ("subregion + function", "/en/directory/?subregion=caribbean&function=toc_contact"),
    ("thematic area + language", "/en/directory/?area=money_laundering&language=fr"),
    ("out of date", "/en/directory/?stale=1"),
    ("unfiltered, page 10", "/en/directory/?page=10"),
]
EXPORT_PATH = "/en/directory/export?format={format}"
# Smaller PDF editions, timed once each, to show how the PDF's time grows with its contents.
PARTIAL_PDFS = [
    ("one state (Brazil)", "&state=BRA"),
    ("one subregion (the Caribbean)", "&subregion=caribbean"),
    ("one subregion (Europe)", "&subregion=europe"),
]
ANALYST_EMAIL = f"secretariat.010@{EMAIL_DOMAIN}"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0-100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def create_token() -> str:
    from hemis.accounts.models import Role, User
    from hemis.accounts.services import api_token_create

    analyst = User.objects.get(email=ANALYST_EMAIL)
    assert analyst.role == Role.SECRETARIAT_ANALYST, analyst.role
    _token, key = api_token_create(actor=analyst, name="bench directory")
    return key


def matches(path: str, viewer) -> int:
    """How many contact points the page's filters select (the count the page shows)."""
    from django.http import QueryDict

    from hemis.directory import selectors

    query = QueryDict(path.partition("?")[2])
    filters = selectors.ContactFilters.from_query(query)
    return selectors.contact_list(viewer=viewer, filters=filters).count()


def explain(sql: str) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of one captured query: its plan and execution time."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    execution = next((line for line in plan if line.startswith("Execution Time")), "")
    return {
        "sql": sql,
        "plan": plan,
        "execution_ms": float(execution.split(":")[1].split()[0]) if execution else None,
    }


def measure_page(client, label: str, path: str, auth: dict, *, repeat: int, viewer) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # templates, translations, URL resolvers, the states cache
        response = client.get(path, headers=auth)
        assert response.status_code == 200, f"{path}: {response.status_code}"
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, headers=auth)
    queries = list(context.captured_queries)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, headers=auth)
        times.append((time.perf_counter() - started) * 1000)
    # The same with an empty cache before each request: the rendered results, the filters'
    # choices and the states' names all read and rendered again (a first visitor's time).
    from django.core.cache import cache

    cold = []
    for _ in range(max(1, repeat // 4)):
        cache.clear()
        started = time.perf_counter()
        client.get(path, headers=auth)
        cold.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as cold_context:
        cache.clear()
        client.get(path, headers=auth)
    return {
        "cold_requests": len(cold),
        "cold_p50_ms": round(percentile(cold, 50), 2),
        "cold_p95_ms": round(percentile(cold, 95), 2),
        "cold_queries": len(cold_context.captured_queries),
        "label": label,
        "path": path,
        "status": response.status_code,
        "bytes": len(response.content),
        "matches": matches(path, viewer),
        "queries": len(queries),
        "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 2),
        "requests": repeat,
        "p50_ms": round(percentile(times, 50), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "p99_ms": round(percentile(times, 99), 2),
        "mean_ms": round(sum(times) / len(times), 2),
        "max_ms": round(max(times), 2),
        "load_average": os.getloadavg()[0],
        "explain": [
            explain(q["sql"])
            for q in cold_context.captured_queries
            if "directory_contact" in q["sql"]
        ],
    }


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def pdf_stage_targets() -> list[tuple[object, str, str]]:
    """The stages of export_view and edition.render a PDF request goes through, to time each."""
    from hemis.directory import edition, exports, selectors

    return [
        (selectors, "directory_edition", "read the contacts (selectors.directory_edition)"),
        (exports, "build_edition", "arrange them (exports.build_edition)"),
        (exports, "render_to_string", "render the HTML of the parts and the front matter"),
        (edition, "render", "edition.render: the whole rendering, parts in parallel"),
        (edition, "_front", "cover and contents with the page numbers (once, after the parts)"),
        (edition, "join", "join the parts and number the pages (pypdf)"),
    ]


def measure_export(client, format_: str, auth: dict, *, runs: int) -> dict:
    """`runs` requests of the whole directory in `format_`; the PDF's split into stages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = EXPORT_PATH.format(format=format_)
    targets = pdf_stage_targets() if format_ == "pdf" else []
    times, stages, collector, body, queries = [], [], [], b"", 0
    render_cpu: list[dict] = []
    for _ in range(runs):
        if format_ == "pdf":
            # A change to the directory, so that the edition is prepared anew, not reused.
            from django.db import transaction

            from hemis.directory.services import directory_changed

            with transaction.atomic():
                directory_changed()
        with (
            CaptureQueriesContext(connection) as context,
            stage_timer(targets) as spent,
            gc_pauses() as pauses,
        ):
            started = time.perf_counter()
            response = client.get(path, headers=auth)
            if format_ == "pdf":
                # The whole directory's PDF is prepared by a task (run at once in this
                # process: no task worker), then served from storage by the next request.
                assert response.status_code == 302, f"{path}: {response.status_code}"
                response = client.get(path, headers=auth)
            body = _body(response)
            times.append(round(time.perf_counter() - started, 3))
        assert response.status_code == 200, f"{path}: {response.status_code}"
        queries = len(context.captured_queries)
        stages.append({label: round(seconds, 3) for label, seconds in spent.items()})
        if format_ == "pdf":
            from hemis.directory import edition

            render_cpu.append(dict(edition.LAST_RENDER))
        collector.append({**pauses, "seconds": round(pauses["seconds"], 3)})
    result = {
        "path": path,
        "seconds": times,
        "bytes": len(body),
        "queries": queries,
        "gc": collector,
        "load_average": os.getloadavg()[0],
    }
    if format_ == "pdf":
        from pypdf import PdfReader

        result["pages"] = len(PdfReader(io.BytesIO(body)).pages)
        result["stages"] = stages
        result["render_cpu"] = render_cpu
    elif format_ == "csv":
        result["rows"] = sum(1 for _row in csv.reader(io.StringIO(body.decode("utf-8-sig")))) - 1
    else:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(body), read_only=True)
        result["rows"] = {
            sheet.title: sum(1 for _row in sheet.iter_rows()) - 1 for sheet in workbook.worksheets
        }
    return result


def measure_partial_pdf(client, label: str, query: str, auth: dict, viewer) -> dict:
    from pypdf import PdfReader

    path = EXPORT_PATH.format(format="pdf") + query
    started = time.perf_counter()
    response = client.get(path, headers=auth)
    seconds = time.perf_counter() - started
    assert response.status_code == 200, f"{path}: {response.status_code}"
    result = {
        "label": label,
        "path": path,
        "contacts": matches(path, viewer),
        "seconds": round(seconds, 3),
        "pages": len(PdfReader(io.BytesIO(response.content)).pages),
        "load_average": os.getloadavg()[0],
    }
    print(
        f"  PDF of {label}: {result['contacts']:,} contacts, {result['pages']} pages, "
        f"{seconds:.1f} s",
        file=sys.stderr,
        flush=True,
    )
    return result


@contextlib.contextmanager
def gc_pauses() -> Iterator[dict[str, float]]:
    """Seconds the cyclic garbage collector ran, and how many full (generation 2) collections."""
    spent = {"seconds": 0.0, "full_collections": 0}
    started = [0.0]

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent["seconds"] += time.perf_counter() - started[0]
            spent["full_collections"] += info["generation"] == 2

    gc.callbacks.append(callback)
    try:
        yield spent
    finally:
        gc.callbacks.remove(callback)


@contextlib.contextmanager
def stage_timer(targets: list[tuple[object, str, str]]) -> Iterator[dict[str, float]]:
    """Wraps each (owner, attribute, label) so that the seconds spent in it add up in a dict."""
    spent: dict[str, float] = {label: 0.0 for _owner, _attribute, label in targets}

    def timed(function: Callable, label: str) -> Callable:
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - started

        return wrapper

    with contextlib.ExitStack() as stack:
        for owner, attribute, label in targets:
            original = getattr(owner, attribute)
            stack.enter_context(mock.patch.object(owner, attribute, timed(original, label)))
        yield spent


def hot_functions(client, path: str, auth: dict, *, repeat: int, limit: int = 35) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path, headers=auth)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


def measure(args: argparse.Namespace) -> dict:
    from django.test import Client

    from hemis.accounts.models import User

    viewer = User.objects.select_related("state").get(email=ANALYST_EMAIL)
    auth = {"Authorization": f"Bearer {args.token}"}
    client = Client(HTTP_HOST=HOST)
    result: dict = {"pages": [], "exports": {}}
    for label, path in PAGES:
        page = measure_page(client, label, path, auth, repeat=args.repeat, viewer=viewer)
        result["pages"].append(page)
        print(
            f"  {label:<26} p50 {page['p50_ms']:6.1f} ms  p95 {page['p95_ms']:6.1f} ms  "
            f"cold p95 {page['cold_p95_ms']:6.1f} ms ({page['cold_queries']} queries)  "
            f"{page['queries']} queries ({page['sql_ms']:.1f} ms)  {page['matches']:,} matches  "
            f"load {page['load_average']:.1f}",
            file=sys.stderr,
            flush=True,
        )
    for format_, runs in (("pdf", args.pdf_runs), ("xlsx", 1), ("csv", 1)):
        export = measure_export(client, format_, auth, runs=runs)
        result["exports"][format_] = export
        print(
            f"  {format_.upper():<4} {', '.join(f'{s:.1f}' for s in export['seconds'])} s  "
            f"{export['bytes']:,} bytes  {export.get('pages', export.get('rows'))} "
            f"{'pages' if format_ == 'pdf' else 'rows'}  load {export['load_average']:.1f}",
            file=sys.stderr,
            flush=True,
        )
    result["partial_pdfs"] = [
        measure_partial_pdf(client, label, query, auth, viewer) for label, query in PARTIAL_PDFS
    ]
    if args.profile:
        OUT_DIR.mkdir(exist_ok=True)
        slowest = max(result["pages"], key=lambda p: p["p50_ms"])
        (OUT_DIR / "directory_page_profile.txt").write_text(
            f"{slowest['path']} × 50\n\n" + hot_functions(client, slowest["path"], auth, repeat=50)
        )
        (OUT_DIR / "directory_pdf_profile.txt").write_text(
            hot_functions(client, EXPORT_PATH.format(format="pdf"), auth, repeat=1, limit=50)
        )
        result["profiles"] = ["directory_page_profile.txt", "directory_pdf_profile.txt"]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.directory_profile", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--database-url", default=DATABASE_URL, help="default: BENCH_DIRECTORY_DATABASE_URL"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("token", help="create an analyst's API token and print its key")
    measuring = commands.add_parser("measure", help="time the pages and exports in-process")
    measuring.add_argument("--token", required=True, help="a key printed by `token`")
    measuring.add_argument("--repeat", type=int, default=200, help="requests per page")
    measuring.add_argument("--pdf-runs", type=int, default=3)
    measuring.add_argument("--json", action="store_true", help="print the results as JSON")
    measuring.add_argument("--profile", action="store_true", help="write cProfile reports")
    args = parser.parse_args(argv)
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("HEMIS_HTTPS", "false")
    os.environ.setdefault("ALLOWED_HOSTS", HOST)
    setup_django(args.database_url)
    if args.command == "token":
        print(create_token())
        return 0
    result = measure(args)
    if args.json:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
