"""The treaty status benchmark: the matrix, map, instrument page and API at world scale.

    .venv/bin/python -m bench.treaties            # or bench/run_treaties.sh

Recreates its own database, hemis_bench_treaties (apart from the other benchmarks' databases),
with bench.generate's world (193 states in the UN's regions, their participation periods), the
13 instruments and the real reference file (both loaded by hemis's migrations), then a record for
most other pairs of state and instrument: 193 × 13 = 2,509 pairs, of which about 85 % have a
record, in the mix of statuses that real depositary lists show. Then, in-process (Django's test
client, DEBUG off, manifest static files, no network), each page and endpoint of PAGES is
requested `--repeat` times after `--warm-up` requests, one at a time: p50/p95 of the wall time
per request (the server time) and its SQL queries; the instrument's PDF `--pdf-runs` times.

Writes bench/out/treaties.json and bench/out/treaties.md.
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
    "BENCH_TREATIES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hemis_bench_treaties"
)
OUT_DIR = Path(__file__).resolve().parent / "out"
HOST = "127.0.0.1"
# The server time that a page of hemis aims at (docs/benchmarks.md, the directory's target).
PAGE_P95_TARGET_MS = 50

# label, path
PAGES = [
    ("matrix, 193 states × 13 instruments", "/en/treaties/"),
    ("matrix, one subregion (Europe)", "/en/treaties/?subregion=europe"),
    ("matrix, one instrument", "/en/treaties/?instrument=UNTOC"),
    ("map (UNTOC)", "/en/treaties/map/?instrument=UNTOC"),
    ("instrument page (UNTOC)", "/en/treaties/UNTOC/"),
    ("instrument page, sorted by consent", "/en/treaties/UNTOC/?sort=consent"),
    ("gaps", "/en/treaties/gaps/"),
    ("state page (Jamaica)", "/en/states/JAM/"),
    ("record page", "/en/treaties/UNTOC/JAM/"),
    ("API: instruments", "/api/v1/treaties"),
    ("API: UNTOC status, 193 states", "/api/v1/treaties/UNTOC/status"),
    ("API: one state's treaties", "/api/v1/member-states/JAM/treaties"),
    ("matrix XLSX", "/en/treaties/export.xlsx"),
    ("matrix CSV", "/en/treaties/export.csv"),
    ("instrument XLSX (UNTOC)", "/en/treaties/UNTOC/export.xlsx"),
]
PDF_PATH = "/en/treaties/UNTOC/export.pdf"

# Share of pairs by status, roughly as depositary lists read: most states are parties.
STATUS_WEIGHTS = {
    "party": 60,
    "party_date_unknown": 5,
    "signatory": 8,
    "not_party": 7,
    "unknown": 5,
    None: 15,  # no record at all: "no information" too
}
CONSENT_TYPES = ["ratification"] * 6 + ["accession"] * 3 + ["acceptance", "approval"]


def versions() -> str:
    import platform

    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return f"Python {platform.python_version()}, Django {django.__version__}, PostgreSQL {postgres}"


def load_treaty_records(world: World) -> None:
    """A record for most pairs that the reference file leaves out (seeded, so repeatable)."""
    from hemis.treaties.models import Instrument, TreatyRecord

    rng = random.Random(185)
    instruments = list(Instrument.objects.all())
    existing = set(TreatyRecord.objects.values_list("instrument_id", "state_id"))
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    records = []
    for instrument in instruments:
        opened = instrument.adopted_on
        for state in world.states:
            if (instrument.pk, state.pk) in existing:
                continue
            status = rng.choices(statuses, weights)[0]
            if status is None:
                continue
            signed = opened + dt.timedelta(days=rng.randint(0, 700))
            consent = signed + dt.timedelta(days=rng.randint(30, 3000))
            record = TreatyRecord(
                instrument=instrument,
                state=state,
                status=status,
                signature_date=signed if rng.random() < 0.8 or status == "signatory" else None,
                source=f"https://treaties.example.org/{instrument.code}/{state.iso3}",
                source_consulted_on=dt.date(2026, 10, 1),
                note="Bench data",
            )
            if status == "party":
                record.consent_date = max(consent, record.signature_date or consent)
                record.consent_type = rng.choice(CONSENT_TYPES)
            if status == "unknown":
                record.signature_date = None
            records.append(record)
    TreatyRecord.objects.bulk_create(records, batch_size=2000)
    world.counts["treaty records"] = TreatyRecord.objects.count()


def prepare(url: str) -> dict[str, int]:
    """Recreate the database, migrate (instruments and the real file) and load the world."""
    from django.core.management import call_command
    from django.db import transaction

    recreate_database(url)
    setup_django(url)
    call_command("migrate", interactive=False, verbosity=0)
    world = World(options=Options())
    for loader in (load_subregions, load_states, load_participations, load_treaty_records):
        with transaction.atomic():
            loader(world)
    analyze()
    use_plain_static_files()
    return world.counts


def use_plain_static_files() -> None:
    """Static URLs without the manifest: only the server time of pages is measured here.

    (`collectstatic` with the manifest storage stops at vendor/vega-embed.min.js, whose
    sourceMappingURL names a .map file that scripts/copy-vendor.mjs does not copy.)
    """
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def measure(client, path: str, *, repeat: int, warm_up: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first_started = time.perf_counter()
    response = client.get(path)
    first_ms = (time.perf_counter() - first_started) * 1000
    assert response.status_code == 200, (path, response.status_code)
    for _ in range(warm_up):
        client.get(path)
    times, cpu = [], []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            cpu_started = time.process_time()
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        queries = len(captured.captured_queries)
    return {
        "first_ms": round(first_ms, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
        # The Python process's own CPU time: what the page costs a web worker, less sensitive
        # than wall time to other processes sharing the machine (the database's time excluded).
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "queries": queries,
        "bytes": len(response.content),
    }


def run_measures(args: argparse.Namespace) -> dict:
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    result: dict = {"pages": []}
    for label, path in PAGES:
        measured = measure(client, path, repeat=args.repeat, warm_up=args.warm_up)
        result["pages"].append({"label": label, "path": path, **measured})
        print(
            f"  {label:<40} p50 {measured['p50_ms']:7.1f} ms  p95 {measured['p95_ms']:7.1f} ms"
            f"  {measured['queries']:3d} queries",
            flush=True,
        )
    from django.core.cache import cache

    pdf_times = []
    for _ in range(args.pdf_runs):
        cache.clear()  # each run renders; the views cache the PDF until the records change
        started = time.perf_counter()
        response = client.get(PDF_PATH)
        pdf_times.append(time.perf_counter() - started)
        assert response.status_code == 200
    started = time.perf_counter()
    client.get(PDF_PATH)
    cached_ms = (time.perf_counter() - started) * 1000
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    result["pdf"] = {
        "path": PDF_PATH,
        "runs": [round(t, 2) for t in pdf_times],
        "pages": pages,
        "bytes": len(response.content),
        "cached_ms": round(cached_ms, 1),
    }
    print(
        f"  PDF (UNTOC, 193 states)                  {min(pdf_times):.2f}–{max(pdf_times):.2f} s, "
        f"{pages} pages",
        flush=True,
    )
    return result


def markdown(result: dict) -> str:
    lines = [
        "# Treaty status at world scale",
        "",
        f"Run {result['when']} on {result['machine']['cpu']}, {result['machine']['cores']} cores, "
        f"{result['machine']['memory_gib']} GiB, load average "
        f"{result['machine']['load_average_before']:.1f} before the run "
        f"({result['versions']}); "
        f"database {result['database']}.",
        "",
        "Data: "
        + ", ".join(f"{count:,} {kind}" for kind, count in result["counts"].items())
        + " (the real reference file for the OAS's 35 states, generated records for the "
        "others; 13 instruments, so 2,509 pairs).",
        "",
        f"Server time in-process (Django's test client, DEBUG off, PostgreSQL, one request at a "
        f"time), {result['repeat']} requests after {result['warm_up']} warm-up requests; "
        f'"first" is the first request of the process (cold caches); "CPU" is the Python '
        f"process's own CPU time per request. Target for a page: "
        f"p95 under {PAGE_P95_TARGET_MS} ms.",
        "",
        "| page | p50 ms | p95 ms | max ms | CPU p50 ms | first ms | queries | size |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in result["pages"]:
        lines.append(
            f"| {page['label']} (`{page['path']}`) | {page['p50_ms']} | {page['p95_ms']} | "
            f"{page['max_ms']} | {page['cpu_p50_ms']} | {page['first_ms']} | {page['queries']} | "
            f"{page['bytes'] / 1024:.0f} KB |"
        )
    pdf = result["pdf"]
    lines += [
        "",
        f"PDF list of signatories and ratifications (`{pdf['path']}`, 193 states, with the map "
        f"drawn by vl-convert): {', '.join(str(t) for t in pdf['runs'])} s; {pdf['pages']} pages, "
        f"{pdf['bytes'] / 1024:.0f} KB. The same PDF again, from the cache (until a record of "
        f"the instrument changes, or the day): {pdf.get('cached_ms', '–')} ms.",
        "",
        "Command: `bench/run_treaties.sh` (or `.venv/bin/python -m bench.treaties --repeat "
        f"{result['repeat']} --pdf-runs {len(pdf['runs'])}`).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.treaties", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database-url", default=DATABASE_URL)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--warm-up", type=int, default=3)
    parser.add_argument("--pdf-runs", type=int, default=3)
    args = parser.parse_args(argv)
    if "bench" not in database_name(args.database_url):
        parser.error("the bench database's name must contain 'bench'")
    # Production-like settings, as bench.foundation's server runs with.
    for name in ("HEMIS_TESTING", "HEMIS_DEMO"):
        os.environ.pop(name, None)
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
    counts = prepare(args.database_url)
    print(f"  ready in {time.perf_counter() - started:.1f} s: {counts}", flush=True)
    result = {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "versions": versions(),
        "database": database_name(args.database_url),
        "counts": counts,
        "repeat": args.repeat,
        "warm_up": args.warm_up,
        **run_measures(args),
    }
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "treaties.json").write_text(json.dumps(result, indent=2))
    (OUT_DIR / "treaties.md").write_text(markdown(result))
    print(f"Wrote {OUT_DIR / 'treaties.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
