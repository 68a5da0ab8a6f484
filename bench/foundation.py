"""The foundation benchmark: member states API and home page against a bare Django view.

    .venv/bin/python -m bench.foundation            # or bench/run_foundation.sh

Recreates the bench database (bench.generate), collects static files into bench/out/, checks
that hemis reads the world (bench.smoke), profiles the endpoints in-process (bench.profiling),
starts `hemis serve` (gunicorn) with production-like settings and bench.settings, waits for
/healthz, loads each endpoint with wrk for a fixed time after a warm-up, stops the server and
writes bench/out/foundation.json and foundation.md.
Only 127.0.0.1 is loaded; every loop is bounded by --duration and --rounds.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.generate import DEFAULT_DATABASE_URL, database_name

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
HOST = "127.0.0.1"

# label, path; the bare view first: it is the ceiling the others are compared with.
ENDPOINTS = [
    ("bare Django view (ceiling)", "/bench/constant"),
    ("member states API", "/api/v1/member-states"),
    ("home page", "/en/"),
]
CEILING = "/bench/constant"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_environment(database_url: str, redis_url: str) -> dict[str, str]:
    """Production-like settings: no DEBUG, a real key, one allowed host, manifest static files."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"HEMIS_TESTING", "HEMIS_DEMO", "WEB_CONCURRENCY", "GUNICORN_THREADS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        HEMIS_HTTPS="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        STATIC_ROOT=str(OUT_DIR / "static"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(PROJECT_DIR),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def run(argv: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        argv, env=env, cwd=PROJECT_DIR, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(argv)}")
    return result.stdout


def get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


@contextlib.contextmanager
def served(
    env: dict[str, str],
    *,
    port: int,
    workers: int,
    threads: int,
    log: Path,
    access_log: Path | None = None,
):
    """`hemis serve` in the background until the block ends.

    The access log (gunicorn's stdout) is discarded unless `access_log` names a file for it.
    """
    argv = [sys.executable, "-m", "hemis", "serve", "--host", HOST, "--port", str(port)]
    argv += ["--workers", str(workers), "--threads", str(threads)]
    with log.open("w") as log_file, contextlib.ExitStack() as stack:
        access = stack.enter_context(access_log.open("w")) if access_log else subprocess.DEVNULL
        server = subprocess.Popen(
            argv,
            env=env,
            cwd=PROJECT_DIR,
            stdout=access,
            stderr=log_file,
            start_new_session=True,  # its own process group: gunicorn and its workers stop together
        )
        try:
            wait_for_health(f"http://{HOST}:{port}/healthz", server, log)
            yield server
        finally:
            stop(server)


def wait_for_health(url: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited ({server.returncode}); see {log}")
        with contextlib.suppress(OSError):
            status, body = get(url, timeout=2)
            if status == 200 and json.loads(body).get("database") == "ok":
                return
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s; see {log}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def check_endpoints(base: str) -> dict[str, int]:
    """Every endpoint answers 200 before it is loaded; the API lists the world's 193 states."""
    sizes = {}
    for _label, path in ENDPOINTS:
        status, body = get(base + path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        sizes[path] = len(body)
    states = json.loads(get(base + "/api/v1/member-states")[1])
    if len(states) != 193:
        raise SystemExit(f"/api/v1/member-states lists {len(states)} states, not 193")
    return sizes


class CpuMeter:
    """CPU time spent by the server's processes (gunicorn) and the bench database's backends.

    On a shared machine requests per second fall when others' work takes the cores; the CPU
    time a request costs does not, so it is recorded beside them.
    """

    def __init__(self, server_pid: int, database_url: str) -> None:
        self.server_pid = server_pid
        self.database_url = database_url.replace("postgres://", "postgresql://", 1)
        self.tick = os.sysconf("SC_CLK_TCK")

    def app_pids(self) -> list[int]:
        children = Path(f"/proc/{self.server_pid}/task/{self.server_pid}/children")
        with contextlib.suppress(OSError):
            return [self.server_pid, *map(int, children.read_text().split())]
        return [self.server_pid]

    def database_pids(self) -> list[int]:
        import psycopg

        with psycopg.connect(self.database_url) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchall()
        return [pid for (pid,) in rows]

    def seconds(self, pids: list[int]) -> dict[int, float]:
        """User + system CPU seconds of each process still alive."""
        times = {}
        for pid in pids:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
                times[pid] = (int(fields[11]) + int(fields[12])) / self.tick
        return times

    def snapshot(self) -> dict[str, dict[int, float]]:
        return {"app": self.seconds(self.app_pids()), "db": self.seconds(self.database_pids())}

    def spent(self, before: dict[str, dict[int, float]]) -> dict[str, float]:
        after = {kind: self.seconds(list(pids)) for kind, pids in before.items()}
        return {
            kind: sum(after[kind].get(pid, t) - t for pid, t in before[kind].items())
            for kind in before
        }


def wrk(
    url: str,
    *,
    connections: int,
    duration: int,
    threads: int,
    headers: dict[str, str] | None = None,
) -> dict:
    argv = ["wrk", "--latency", "--timeout", "10s", "-t", str(threads), "-c", str(connections)]
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    argv += ["-d", f"{duration}s", "-s", str(BENCH_DIR / "wrk_report.lua"), url]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH_JSON (.*)$", out, re.MULTILINE)
    if not match:
        raise SystemExit(f"no summary from wrk:\n{out}")
    summary = json.loads(match.group(1))
    seconds = summary["duration_us"] / 1e6
    latency = summary["latency_us"]
    return {
        "requests": summary["requests"],
        "seconds": round(seconds, 3),
        "rps": round(summary["requests"] / seconds, 1),
        "errors": summary["errors"],
        "p50_ms": latency["p50"] / 1000,
        "p90_ms": latency["p90"] / 1000,
        "p95_ms": latency["p95"] / 1000,
        "p99_ms": latency["p99"] / 1000,
        "max_ms": latency["max"] / 1000,
        "load_average_after": os.getloadavg()[0],
    }


def load(base: str, args: argparse.Namespace, meter: CpuMeter) -> dict[str, list[dict]]:
    """Each round loads every endpoint in turn: a warm-up, then the measured run."""
    runs: dict[str, list[dict]] = {path: [] for _label, path in ENDPOINTS}
    for round_number in range(1, args.rounds + 1):
        for label, path in ENDPOINTS:
            url = base + path
            wrk(url, connections=args.connections, duration=args.warmup, threads=args.wrk_threads)
            before = meter.snapshot()  # after the warm-up: every connection is open
            result = wrk(
                url, connections=args.connections, duration=args.duration, threads=args.wrk_threads
            )
            spent = meter.spent(before)
            for kind, seconds in spent.items():
                result[f"{kind}_cpu_ms_per_request"] = round(
                    seconds * 1000 / max(result["requests"], 1), 3
                )
            runs[path].append(result)
            failures = sum(result["errors"].values())
            print(
                f"  round {round_number}  {label:<28} {result['rps']:>8.1f} req/s  "
                f"p50 {result['p50_ms']:.1f} ms  p99 {result['p99_ms']:.1f} ms  "
                f"CPU {result['app_cpu_ms_per_request']:.2f}+{result['db_cpu_ms_per_request']:.2f}"
                f" ms/req  load {result['load_average_after']:.1f}"
                + (f"  ({failures} errors)" if failures else ""),
                flush=True,
            )
    return runs


def summarize(runs: dict[str, list[dict]], cores: int) -> dict[str, dict]:
    """The median of each figure over the rounds (rounds are interleaved, so noise is shared)."""
    summary = {}
    for path, results in runs.items():
        summary[path] = {
            key: round(statistics.median(r[key] for r in results), 2)
            for key in (
                "rps",
                "p50_ms",
                "p95_ms",
                "p99_ms",
                "app_cpu_ms_per_request",
                "db_cpu_ms_per_request",
            )
        }
        summary[path]["errors"] = sum(sum(r["errors"].values()) for r in results)
    ceiling = summary[CEILING]["rps"]
    for figures in summary.values():
        figures["ratio_to_ceiling"] = round(figures["rps"] / ceiling, 4) if ceiling else None
        cpu_ms = figures["app_cpu_ms_per_request"] + figures["db_cpu_ms_per_request"]
        # What the cores could serve if this server had them to itself (wrk's share aside).
        figures["rps_if_cores_were_free"] = round(cores * 1000 / cpu_ms) if cpu_ms else None
    return summary


def versions(env: dict[str, str]) -> dict[str, str]:
    code = (
        "import django, gunicorn, ninja, psycopg; "
        "print(django.__version__, gunicorn.__version__, ninja.__version__, psycopg.__version__)"
    )
    django_v, gunicorn_v, ninja_v, psycopg_v = run([sys.executable, "-c", code], env).split()
    postgres = run(["psql", env["DATABASE_URL"], "-Atc", "SHOW server_version"], env).strip()
    wrk_v = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    return {
        "python": platform.python_version(),
        "django": django_v,
        "gunicorn": gunicorn_v,
        "django-ninja": ninja_v,
        "psycopg": psycopg_v,
        "postgresql": postgres.split()[0],
        "wrk": wrk_v.split()[1] if wrk_v else "?",
    }


def machine() -> dict:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory_gib, 1),
        "load_average_before": os.getloadavg()[0],
    }


def markdown(result: dict) -> str:
    s = result["settings"]
    lines = [
        "# Foundation: member states API and home page",
        "",
        f"Run {result['started']} on {result['machine']['cores']} cores "
        f"({result['machine']['cpu']}), {result['machine']['memory_gib']} GiB; "
        f"load average {result['machine']['load_average_before']:.2f} before the run.",
        "",
        f"`hemis serve`: {s['workers']} gunicorn workers × {s['threads']} threads, DEBUG=false, "
        f"PostgreSQL {result['versions']['postgresql']}, cache {s['cache']}. "
        f"wrk: {s['connections']} connections, {s['wrk_threads']} thread(s), "
        f"{s['warmup']} s warm-up + {s['duration']} s per endpoint, "
        f"{s['rounds']} interleaved round(s), medians shown.",
        "",
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | req/s ÷ ceiling "
        "| CPU ms/req (gunicorn + PostgreSQL) | req/s if the cores were free | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, path in ENDPOINTS:
        f = result["summary"][path]
        p = result["profile"].get(path, {})
        lines.append(
            f"| {label} `{path}` | {f['rps']:,.0f} | {f['p50_ms']:.1f} | {f['p95_ms']:.1f} | "
            f"{f['p99_ms']:.1f} | {f['ratio_to_ceiling']:.3f} | "
            f"{f['app_cpu_ms_per_request']:.2f} + {f['db_cpu_ms_per_request']:.2f} | "
            f"{f['rps_if_cores_were_free']:,} | {p.get('queries', '?')} |"
        )
    errors = {path: f["errors"] for path, f in result["summary"].items() if f["errors"]}
    lines += ["", f"Errors (non-2xx, socket): {errors or 'none'}.", "", "Each round:", ""]
    for label, path in ENDPOINTS:
        rounds = "; ".join(
            f"{r['rps']:,.0f} req/s, p99 {r['p99_ms']:.0f} ms, load {r['load_average_after']:.1f}"
            for r in result["runs"][path]
        )
        lines.append(f"- {label}: {rounds}")
    lines += [
        "",
        "In-process (Django's test client, no network): "
        + ", ".join(
            f"`{path}` {p['ms_per_request']:.2f} ms, {p['bytes']:,} bytes"
            for path, p in result["profile"].items()
        )
        + ".",
        "",
    ]
    lines.append("Data set: " + ", ".join(f"{v:,} {k}" for k, v in result["data_set"].items()))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.foundation", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default="", help="REDIS_URL for the server (optional)")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=15, help="measured seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=5, help="warm-up seconds per endpoint")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--skip-generate", action="store_true", help="reuse the bench database")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk (bench/run_foundation.sh does)")

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    env = server_environment(args.database_url, args.redis_url)
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
    counts = run(
        [
            sys.executable,
            "-c",
            "from bench.generate import setup_django; import os, json; "
            "setup_django(os.environ['DATABASE_URL']); "
            "from hemis.core.models import MemberState, Subregion; "
            "from hemis.accounts.models import User; "
            "print(json.dumps({'member states': MemberState.objects.count(), "
            "'subregions': Subregion.objects.count(), 'users': User.objects.count()}))",
        ],
        env,
    )
    result["data_set"] = json.loads(counts)
    sys.stdout.write(run([sys.executable, "-m", "bench.smoke"], env))
    print("Profiling in-process (bench.profiling)", flush=True)
    profile = json.loads(
        run([sys.executable, "-m", "bench.profiling", "--json", "--repeat", "50"], env)
    )
    result["profile"] = {
        p["path"]: {k: p[k] for k in ("queries", "ms_per_request", "bytes")} for p in profile
    }

    port = args.port or free_port()
    base = f"http://{HOST}:{port}"
    result["settings"] = {
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "duration": args.duration,
        "warmup": args.warmup,
        "rounds": args.rounds,
        "wrk_threads": args.wrk_threads,
        "cache": "Redis" if args.redis_url else "local memory",
    }
    print(f"Serving on {base} ({args.workers} workers × {args.threads} threads)", flush=True)
    with served(
        env, port=port, workers=args.workers, threads=args.threads, log=OUT_DIR / "server.log"
    ) as server:
        result["response_bytes"] = check_endpoints(base)
        result["runs"] = load(base, args, CpuMeter(server.pid, args.database_url))
    result["summary"] = summarize(result["runs"], result["machine"]["cores"])
    result["machine"]["load_average_after"] = os.getloadavg()[0]

    (OUT_DIR / "foundation.json").write_text(json.dumps(result, indent=2) + "\n")
    report = markdown(result)
    (OUT_DIR / "foundation.md").write_text(report)
    print("\n" + report)
    print(f"Written: {OUT_DIR / 'foundation.md'} and foundation.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
