#!/usr/bin/env bash
# The directory benchmark in one command (see docs/benchmarks.md); arguments go to
# `python -m bench.directory`, e.g. --repeat 50 --pdf-runs 1 --duration 5 for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null || ! command -v curl >/dev/null; then
  echo "Installing wrk and curl (Debian packages)…"
  apt-get update -qq && apt-get install -y -qq wrk curl >/dev/null
fi
test -x .venv/bin/python || make setup
exec .venv/bin/python -m bench.directory "$@"
