#!/usr/bin/env bash
# The database of laws benchmark in one command (see docs/benchmarks.md): 200,000 provisions
# searched through hemis and, side by side, through Datasette. Arguments go to
# `python -m bench.legislation`, e.g. --provisions 20000 --duration 3 for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null || ! command -v curl >/dev/null; then
  echo "Installing wrk and curl (Debian packages)…"
  apt-get update -qq && apt-get install -y -qq wrk curl >/dev/null
fi
test -x .venv/bin/python || make setup
exec .venv/bin/python -m bench.legislation "$@"
