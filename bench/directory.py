"""The directory benchmark: search and filters under load, and the PDF edition of the world.

    .venv/bin/python -m bench.directory            # or bench/run_directory.sh

Recreates its own bench database, hemis_bench_directory (apart from the foundation benchmark's
hemis_bench, so that neither drops the other's database mid-run), with the world's directory
(bench.generate: 193 states, 772 authorities, 5,000 contact points), collects static files,
creates an API token for a Secretariat analyst, then:

1. in-process (bench.directory_profile, Django's test client, no network): each directory page
   of PAGES `--repeat` times, one request at a time: p50/p95 of the wall time per request (the
   "server time" of the targets), the SQL queries and their time, EXPLAIN ANALYZE of each; the
   full PDF edition `--pdf-runs` times, split into stages, with its page count; XLSX and CSV once;
2. through `hemis serve` (gunicorn, production-like settings, as bench.foundation starts it):
   each page under wrk, `--connections` keep-alive connections sending the bearer token, a
   warm-up then a measured run, with gunicorn's own request time per request (its access log)
   and the CPU time of the server and the database per request; then the PDF `--pdf-runs` times,
   the XLSX and the CSV once each with curl.

Writes bench/out/directory.json and directory.md. Only 127.0.0.1 is loaded; every loop is bounded
by --duration, --rounds, --repeat and --pdf-runs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.directory_profile import DATABASE_URL, EXPORT_PATH, PAGES, percentile
from bench.foundation import (
    HOST,
    OUT_DIR,
    PROJECT_DIR,
    CpuMeter,
    free_port,
    machine,
    run,
    served,
    server_environment,
    stop,
    versions,
    wrk,
)
from bench.generate import database_name

# The targets.
PAGE_P95_TARGET_MS = 50
PDF_TARGET_S = 20
# gunicorn's access log: request time in microseconds, status, path and query.
ACCESS_LOG_FORMAT = "%(D)s %(s)s %(U)s?%(q)s"

DATA_SET_CODE = """
import json, os
from bench.generate import setup_django
setup_django(os.environ["DATABASE_URL"])
from hemis.accounts.models import User
from hemis.core.models import MemberState
from hemis.directory.models import Authority, Contact, stale_before
contacts = Contact.objects.filter(status="active")
print(json.dumps({
    "member states": MemberState.objects.count(),
    "users": User.objects.count(),
    "authorities": Authority.objects.count(),
    "contact points": contacts.count(),
    "out of date": contacts.filter(last_confirmed_on__lt=stale_before()).count(),
    "contact languages": Contact.languages.through.objects.count(),
    "contact thematic areas": Contact.thematic_areas.through.objects.count(),
}))
"""


def in_process(env: dict[str, str], args: argparse.Namespace, token: str) -> dict:
    """bench.directory_profile's measures; its progress lines pass through to the terminal."""
    argv = [sys.executable, "-m", "bench.directory_profile", "--database-url", args.database_url]
    argv += ["measure", "--token", token, "--repeat", str(args.repeat)]
    argv += ["--pdf-runs", str(args.pdf_runs), "--json"] + (["--profile"] if args.profile else [])
    result = subprocess.run(
        argv, env=env, cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True, check=True
    )
    return json.loads(result.stdout)


def fetch(url: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read()


def check_pages(base: str, token: str) -> dict[str, int]:
    """Every page answers 200 with the token, and shows contact points, before it is loaded."""
    sizes = {}
    for _label, path in PAGES:
        status, body = fetch(base + path, token)
        if status != 200 or b"/en/directory/contacts/" not in body:
            raise SystemExit(f"{path} answered {status} without contact points")
        sizes[path] = len(body)
    return sizes


def request_times(access_log: Path, offset: int, path: str) -> list[float]:
    """gunicorn's time (ms) for each request of `path` logged after `offset` bytes."""
    times = []
    with access_log.open("rb") as log:
        log.seek(offset)
        for line in log.read().decode(errors="replace").splitlines():
            micros, status, logged = ([*line.split(" ", 2), "", ""])[:3]
            if logged == path and status == "200" and micros.isdigit():
                times.append(int(micros) / 1000)
    return times


def load(base: str, args: argparse.Namespace, token: str, meter: CpuMeter, access_log: Path):
    """Each round loads every page in turn: a warm-up, then the measured run."""
    headers = {"Authorization": f"Bearer {token}"}
    runs: dict[str, list[dict]] = {path: [] for _label, path in PAGES}
    options = {"connections": args.connections, "threads": args.wrk_threads, "headers": headers}
    for round_number in range(1, args.rounds + 1):
        for label, path in PAGES:
            wrk(base + path, duration=args.warmup, **options)
            offset = access_log.stat().st_size
            before = meter.snapshot()
            result = wrk(base + path, duration=args.duration, **options)
            spent = meter.spent(before)
            for kind, seconds in spent.items():
                result[f"{kind}_cpu_ms_per_request"] = round(
                    seconds * 1000 / max(result["requests"], 1), 3
                )
            served_ms = request_times(access_log, offset, path)
            result["gunicorn_requests"] = len(served_ms)
            result["gunicorn_p50_ms"] = round(percentile(served_ms, 50), 1) if served_ms else None
            result["gunicorn_p95_ms"] = round(percentile(served_ms, 95), 1) if served_ms else None
            runs[path].append(result)
            failures = sum(result["errors"].values())
            print(
                f"  round {round_number}  {label:<26} {result['rps']:>7.1f} req/s  "
                f"p50 {result['p50_ms']:.0f} ms  p95 {result['p95_ms']:.0f} ms  "
                f"gunicorn p95 {result['gunicorn_p95_ms']} ms  "
                f"CPU {result['app_cpu_ms_per_request']:.1f}+{result['db_cpu_ms_per_request']:.1f}"
                f" ms/req  load {result['load_average_after']:.1f}"
                + (f"  ({failures} errors)" if failures else ""),
                flush=True,
            )
    return runs


def summarize(runs: dict[str, list[dict]]) -> dict[str, dict]:
    """The median of each figure over the rounds."""
    keys = (
        "rps",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "gunicorn_p50_ms",
        "gunicorn_p95_ms",
        "app_cpu_ms_per_request",
        "db_cpu_ms_per_request",
        "load_average_after",
    )
    summary = {}
    for path, results in runs.items():
        summary[path] = {
            key: round(statistics.median(r[key] for r in results if r[key] is not None), 2)
            for key in keys
        }
        summary[path]["errors"] = sum(sum(r["errors"].values()) for r in results)
    return summary


def curl(url: str, token: str, output: Path, meter: CpuMeter) -> dict:
    """One download with curl: status, total seconds, bytes, and the server's CPU seconds."""
    argv = ["curl", "-sS", "--max-time", "600", "-o", str(output)]
    argv += ["-w", "%{http_code} %{time_total}", "-H", f"Authorization: Bearer {token}", url]
    before = meter.snapshot()
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    spent = meter.spent(before)
    status, seconds = out.split()
    if status != "200":
        raise SystemExit(f"{url} answered {status}")
    return {
        "seconds": round(float(seconds), 3),
        "bytes": output.stat().st_size,
        "app_cpu_seconds": round(spent["app"], 2),
        "db_cpu_seconds": round(spent["db"], 2),
        "load_average_after": os.getloadavg()[0],
    }


def bump_generation(database_url: str) -> None:
    """What any change to the directory does: the stored edition is then out of date."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("UPDATE directory_generation SET value = value + 1")


def edition_seconds(database_url: str) -> float | None:
    """The render time the task recorded for the latest edition."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        row = connection.execute(
            "SELECT seconds FROM directory_edition WHERE status = 'ready' ORDER BY id DESC"
        ).fetchone()
    return row[0] if row else None


def whole_edition(base: str, token: str, output: Path, database_url: str) -> dict:
    """The full PDF as a user gets it: ask, follow the preparation, download.

    The first request queues the edition and redirects to its page; the page is asked every
    0.2 s (as htmx does every 2 s) until it links the file; then the file is downloaded.
    """
    headers = {"Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    request = urllib.request.Request(base + EXPORT_PATH.format(format="pdf"), headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    with contextlib.suppress(urllib.error.HTTPError):
        opener.open(request, timeout=30)
    link = None
    polls = 0
    while link is None and time.perf_counter() - started < 600:
        polls += 1
        poll = urllib.request.Request(
            base + "/en/directory/edition/", headers={**headers, "HX-Request": "true"}
        )
        with urllib.request.urlopen(poll, timeout=30) as response:
            found = re.search(rb'href="(/en/directory/edition/[0-9a-f-]+\.pdf)"', response.read())
        if found:
            link = found.group(1).decode()
        else:
            time.sleep(0.2)
    if link is None:
        raise SystemExit("the edition was not ready within 600 s; see the worker's log")
    _status, body = fetch(base + link, token)
    seconds = time.perf_counter() - started
    output.write_bytes(body)
    return {
        "seconds": round(seconds, 3),
        "worker_seconds": edition_seconds(database_url),
        "polls": polls,
        "bytes": len(body),
        "load_average_after": os.getloadavg()[0],
    }


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def downloads(
    base: str, token: str, pdf_runs: int, meter: CpuMeter, database_url: str
) -> dict[str, dict]:
    """The whole directory through the server: the PDF `pdf_runs` times, XLSX and CSV once."""
    from pypdf import PdfReader

    results: dict[str, dict] = {}
    output = OUT_DIR / "directory-edition.pdf"
    attempts = []
    for _ in range(pdf_runs):
        bump_generation(database_url)
        attempts.append(whole_edition(base, token, output, database_url))
    results["pdf"] = {
        key: [a[key] for a in attempts]
        for key in ("seconds", "worker_seconds", "polls", "load_average_after")
    }
    results["pdf"]["bytes"] = attempts[-1]["bytes"]
    results["pdf"]["pages"] = len(PdfReader(output).pages)
    # Once prepared, the edition is served from storage until the directory changes.
    results["pdf"]["stored"] = curl(base + EXPORT_PATH.format(format="pdf"), token, output, meter)
    print(
        "  PDF through the server and the task worker: "
        + ", ".join(
            f"{a['seconds']:.1f} s (worker {a['worker_seconds']:.1f} s, "
            f"load {a['load_average_after']:.1f})"
            for a in attempts
        )
        + f"; stored copy {results['pdf']['stored']['seconds']:.2f} s"
        + f", {results['pdf']['bytes']:,} bytes, {results['pdf']['pages']} pages",
        flush=True,
    )
    for format_ in ("xlsx", "csv"):
        output = OUT_DIR / f"directory-edition.{format_}"
        attempt = curl(base + EXPORT_PATH.format(format=format_), token, output, meter)
        results[format_] = {
            key: [attempt[key]]
            for key in ("seconds", "app_cpu_seconds", "db_cpu_seconds", "load_average_after")
        }
        results[format_]["bytes"] = attempt["bytes"]
        print(
            f"  {format_.upper():<4} through the server: {attempt['seconds']:.1f} s "
            f"(CPU {attempt['app_cpu_seconds']:.1f} s), {attempt['bytes']:,} bytes",
            flush=True,
        )
    return results


@contextlib.contextmanager
def task_worker(env: dict[str, str], log: Path):
    """`hemis db_worker` in the background, as production runs it beside the server."""
    argv = [sys.executable, "-m", "hemis", "db_worker", "--no-startup-delay", "--interval", "0.2"]
    with log.open("w") as log_file:
        worker = subprocess.Popen(
            argv,
            env=env,
            cwd=PROJECT_DIR,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield worker
        finally:
            stop(worker)


def verdicts(result: dict) -> dict[str, dict]:
    served = result["summary"]
    worst_path = max(served, key=lambda path: served[path]["gunicorn_p95_ms"])
    labels = {path: label for label, path in PAGES}
    worst = served[worst_path]
    pdf = result["in_process"]["exports"]["pdf"]["seconds"]
    served_pdf = result["downloads"]["pdf"]["seconds"]
    return {
        "pages": {
            "target": (
                f"p95 < {PAGE_P95_TARGET_MS} ms server time (gunicorn's own time per request) "
                f"with {result['settings']['connections']} concurrent clients, on every page"
            ),
            "worst": (
                f"{labels[worst_path]}: p95 {worst['gunicorn_p95_ms']:.1f} ms server time; "
                f"{worst['p95_ms']:.0f} ms at the client"
            ),
            "met": worst["gunicorn_p95_ms"] < PAGE_P95_TARGET_MS,
        },
        "pdf": {
            "target": f"the full PDF edition in < {PDF_TARGET_S} s",
            "worst": f"in-process {max(pdf):.1f} s, through the server {max(served_pdf):.1f} s",
            "met": max(pdf) < PDF_TARGET_S and max(served_pdf) < PDF_TARGET_S,
        },
    }


def markdown(result: dict) -> str:
    s, m = result["settings"], result["machine"]
    pages = {p["path"]: p for p in result["in_process"]["pages"]}
    lines = [
        "# Directory: search and the PDF edition",
        "",
        f"Run {result['started']} on {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB; "
        f"load average {m['load_average_before']:.2f} before the run, "
        f"{m['load_average_after']:.2f} after.",
        "",
        "Data set: " + ", ".join(f"{v:,} {k}" for k, v in result["data_set"].items()) + ".",
        "",
        f"In-process: Django's test client, bearer token, DEBUG=false, {s['repeat']} requests per "
        "page one at a time, after 2 warm-up requests. Served: `hemis serve`, "
        f"{s['workers']} gunicorn workers × {s['threads']} threads; wrk {s['connections']} "
        f"connections, {s['wrk_threads']} thread(s), {s['warmup']} s warm-up + {s['duration']} s "
        f"per page, {s['rounds']} round(s) (medians shown).",
        "",
        "| page | matches | queries (SQL ms) | in-process p50 / p95 ms | in-process, cold cache "
        "p95 ms (queries) | wrk req/s | wrk p50 ms | wrk p95 ms | wrk p99 ms "
        "| server time (gunicorn) p50 / p95 ms | CPU ms/req (gunicorn + PostgreSQL) | load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, path in PAGES:
        p, f = pages[path], result["summary"][path]
        lines.append(
            f"| {label} `{path.removeprefix('/en/directory/')}` | {p['matches']:,} | "
            f"{p['queries']} ({p['sql_ms']:.0f}) | {p['p50_ms']:.1f} / {p['p95_ms']:.1f} | "
            f"{p['cold_p95_ms']:.1f} ({p['cold_queries']}) | "
            f"{f['rps']:,.0f} | {f['p50_ms']:.0f} | {f['p95_ms']:.0f} | {f['p99_ms']:.0f} | "
            f"{f['gunicorn_p50_ms']:.0f} / {f['gunicorn_p95_ms']:.0f} | "
            f"{f['app_cpu_ms_per_request']:.1f} + {f['db_cpu_ms_per_request']:.1f} | "
            f"{f['load_average_after']:.1f} |"
        )
    errors = {path: f["errors"] for path, f in result["summary"].items() if f["errors"]}
    pdf = result["downloads"]["pdf"]
    if "worker_seconds" in pdf:
        lines += [
            "",
            "The full PDF through the server, as a user gets it (ask, follow the preparation, "
            f"download): {', '.join(f'{x:.1f}' for x in pdf['seconds'])} s, of which the task "
            f"worker's render {', '.join(f'{x:.1f}' for x in pdf['worker_seconds'])} s; "
            f"the stored copy afterwards {pdf['stored']['seconds']:.2f} s.",
        ]
    lines += ["", f"Errors under load (non-2xx, socket): {errors or 'none'}.", ""]
    exports_ = result["in_process"]["exports"]
    lines += [
        "| export of the whole directory | in-process s | through the server (curl) s "
        "| server CPU s | size | pages or rows | load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for format_, e in exports_.items():
        d = result["downloads"][format_]
        extent = e.get("pages") or e.get("rows")
        if isinstance(extent, dict):
            extent = ", ".join(f"{n:,} {sheet}" for sheet, n in extent.items())
        lines.append(
            f"| {format_.upper()} | {', '.join(f'{x:.1f}' for x in e['seconds'])} | "
            f"{', '.join(f'{x:.1f}' for x in d['seconds'])} | "
            # The PDF is rendered by the task worker, whose CPU the server's meter does not see.
            f"{', '.join(f'{x:.1f}' for x in d.get('app_cpu_seconds', [])) or 'worker'} | "
            f"{e['bytes'] / 1e6:.1f} MB | "
            f"{extent}{' pages' if format_ == 'pdf' else ' rows'} | {e['load_average']:.1f} |"
        )
    stages = exports_["pdf"]["stages"]
    lines += ["", "Smaller PDF editions (in-process, once each):", ""]
    for partial in result["in_process"]["partial_pdfs"]:
        lines.append(
            f"- {partial['label']}: {partial['contacts']:,} contact points, "
            f"{partial['pages']} pages, {partial['seconds']:.1f} s"
        )
    lines += ["", "The PDF's time by stage (each run, s):", ""]
    for label in stages[0]:
        lines.append(f"- {label}: " + ", ".join(f"{run[label]:.2f}" for run in stages))
    for number, (cpu, timing) in enumerate(
        zip(exports_["pdf"].get("render_cpu", []), stages, strict=False), start=1
    ):
        if not cpu:
            continue
        # The front with provisional numbers is laid out in the pool with the parts.
        parts = [*cpu["part_cpu_seconds"], cpu.get("sizing_cpu_seconds", 0.0)]
        serial = sum(
            seconds
            for label, seconds in timing.items()
            if not label.startswith(("edition.render", "cover and contents"))
        )
        lines.append(
            f"- run {number}, CPU of the {cpu['parts']} parts and the provisional front in the "
            f"child processes: {', '.join(f'{p:.1f}' for p in parts)} s (sum {sum(parts):.1f} s), "
            f"the final front {cpu['front_cpu_seconds']:.1f} s; "
            f"on {cpu['workers']} idle cores that is about "
            f"{serial + sum(parts) / cpu['workers'] + cpu['front_cpu_seconds']:.1f} s "
            "with this process's own stages"
        )
    lines.append(
        "- of all these, Python's cyclic garbage collector (this process only): "
        + ", ".join(
            f"{pause['seconds']:.2f} ({pause['full_collections']} full collections)"
            for pause in exports_["pdf"]["gc"]
        )
    )
    lines += ["", "Targets:", ""]
    for verdict in result["verdicts"].values():
        lines.append(
            f"- {verdict['target']}: {'met' if verdict['met'] else 'NOT met'} ({verdict['worst']})"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.directory", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--database-url",
        default=DATABASE_URL,
        help="the bench database, dropped and recreated (default: BENCH_DIRECTORY_DATABASE_URL "
        "or hemis_bench_directory, apart from the foundation's hemis_bench)",
    )
    parser.add_argument("--redis-url", default="", help="REDIS_URL for the server (optional)")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    # One request at a time per process, a process per core and one more for the moments a
    # request waits on PostgreSQL: requests then queue in the listen socket instead of sharing
    # the cores while they run (gunicorn's sync worker; see docs/benchmarks.md).
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--duration", type=int, default=15, help="measured seconds per page")
    parser.add_argument("--warmup", type=int, default=5, help="warm-up seconds per page")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=200, help="in-process requests per page")
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile reports in bench/out/")
    parser.add_argument("--skip-generate", action="store_true", help="reuse the bench database")
    args = parser.parse_args(argv)
    for tool in ("wrk", "curl"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install -y {tool}")

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    env = server_environment(args.database_url, args.redis_url)
    env["DJANGO_SETTINGS_MODULE"] = "bench.directory_settings"
    # Connections kept for the whole run: with hemis's 60 s, gunicorn's threads reopen theirs
    # mid-run and CpuMeter, which reads the backends open when a measured run starts, misses
    # the new ones' CPU. One reconnection a minute per thread costs nothing measurable.
    env["CONN_MAX_AGE"] = "900"
    result: dict = {
        "started": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
    }
    print(f"Bench database {database_name(args.database_url)}", flush=True)
    if not args.skip_generate:
        sys.stdout.write(
            run([sys.executable, "-m", "bench.generate", "--database-url", args.database_url], env)
        )
    run([sys.executable, "-m", "hemis", "collectstatic", "--noinput", "--verbosity", "0"], env)
    result["versions"] = versions(env)
    result["data_set"] = json.loads(run([sys.executable, "-c", DATA_SET_CODE], env))
    token_argv = [sys.executable, "-m", "bench.directory_profile"]
    token = run([*token_argv, "--database-url", args.database_url, "token"], env).strip()

    print("In-process (bench.directory_profile): pages, then the exports", flush=True)
    result["in_process"] = in_process(env, args, token)

    port = args.port or free_port()
    base = f"http://{HOST}:{port}"
    result["settings"] = {
        key: getattr(args, key)
        for key in (
            "workers",
            "threads",
            "connections",
            "duration",
            "warmup",
            "rounds",
            "wrk_threads",
            "repeat",
            "pdf_runs",
        )
    }
    result["settings"]["cache"] = "Redis" if args.redis_url else "local memory"
    access_log = OUT_DIR / "directory_access.log"
    server_env = {
        **env,
        # The full edition is prepared by `hemis db_worker`, as in production.
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "GUNICORN_CMD_ARGS": "--access-logformat " + shlex.quote(ACCESS_LOG_FORMAT),
    }
    print(f"Serving on {base} ({args.workers} workers × {args.threads} threads)", flush=True)
    with served(
        server_env,
        port=port,
        workers=args.workers,
        threads=args.threads,
        log=OUT_DIR / "directory_server.log",
        access_log=access_log,
    ) as server:
        result["response_bytes"] = check_pages(base, token)
        meter = CpuMeter(server.pid, args.database_url)
        result["runs"] = load(base, args, token, meter, access_log)
        with task_worker(server_env, OUT_DIR / "directory_worker.log"):
            result["downloads"] = downloads(base, token, args.pdf_runs, meter, args.database_url)
    result["summary"] = summarize(result["runs"])
    result["machine"]["load_average_after"] = os.getloadavg()[0]
    result["verdicts"] = verdicts(result)

    (OUT_DIR / "directory.json").write_text(json.dumps(result, indent=2) + "\n")
    report = markdown(result)
    (OUT_DIR / "directory.md").write_text(report)
    print("\n" + report)
    print(f"Written: {OUT_DIR / 'directory.md'} and directory.json")
    with contextlib.suppress(OSError):
        access_log.unlink()  # large, and it holds nothing the JSON does not
    return 0


if __name__ == "__main__":
    sys.exit(main())
