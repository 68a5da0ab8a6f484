"""Profile hemis's benchmarked endpoints in-process: queries, time per request, hot functions.

    .venv/bin/python -m bench.profiling --database-url postgres://postgres@127.0.0.1:5432/hemis_bench

Runs against a database made by bench.generate, through Django's test client (no network, no
gunicorn), with DEBUG off like the load test. Needs collected static files (STATIC_ROOT), since
the production storage reads its manifest; bench.foundation collects them first.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time

from bench.generate import DEFAULT_DATABASE_URL, setup_django

ENDPOINTS = ["/bench/constant", "/api/v1/member-states", "/en/"]


def measure(path: str, *, repeat: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    response = client.get(path)  # warm caches (templates, translations, URL resolvers)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    # Read now: the context reads connection.queries lazily, and the next request resets them.
    queries = list(context.captured_queries)
    started = time.perf_counter()
    for _ in range(repeat):
        client.get(path)
    per_request_ms = (time.perf_counter() - started) * 1000 / repeat
    return {
        "path": path,
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": len(queries),
        "sql": [q["sql"] for q in queries],
        "ms_per_request": round(per_request_ms, 3),
    }


def breakdown(*, repeat: int) -> list[tuple[str, float]]:
    """Where the home page's and the API's time goes, with the states cache cold and warm."""
    import timeit

    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache
    from django.shortcuts import render
    from django.test import RequestFactory
    from django.utils import translation

    from hemis.core import selectors

    translation.activate("en")
    request = RequestFactory(HTTP_HOST="127.0.0.1").get("/en/")
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = "en"

    def cold(function):
        def run():
            cache.clear()
            return function()

        return run

    def render_home():
        return render(
            request,
            "core/home.html",
            {"groups": selectors.states_by_subregion, "states_key": selectors.state_cache_key()},
        )

    cases = [
        (
            "member_state_rows(), cache empty (SQL + CLDR names + sort)",
            cold(selectors.member_state_rows),
        ),
        ("member_state_rows(), cached", selectors.member_state_rows),
        ("render core/home.html, fragment cache empty", cold(render_home)),
        ("render core/home.html, fragment cached", render_home),
    ]
    timings = []
    for label, case in cases:
        case()
        best = min(timeit.repeat(case, number=repeat, repeat=3)) / repeat
        timings.append((label, round(best * 1000, 3)))
    return timings


def hot_functions(path: str, *, repeat: int, limit: int) -> str:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.profiling", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print the measures as JSON only")
    parser.add_argument("--profile", default="/en/", help="path whose hot functions to print")
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args(argv)
    os.environ.setdefault("DEBUG", "false")
    setup_django(args.database_url)
    results = [measure(path, repeat=args.repeat) for path in ENDPOINTS]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        print(
            f"{r['path']:<24} {r['status']} {r['bytes']:>7,} bytes  {r['queries']} queries  "
            f"{r['ms_per_request']:.2f} ms/request"
        )
        for sql in r["sql"]:
            print(f"    {sql[:160]}")
    print("\nBreakdown (best of 3, ms per call):")
    for label, ms in breakdown(repeat=max(args.repeat // 4, 10)):
        print(f"  {ms:8.2f}  {label}")
    if args.profile:
        print(f"\nHot functions of {args.profile} ({args.repeat} requests, cumulative):")
        print(hot_functions(args.profile, repeat=args.repeat, limit=args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
