#!/usr/bin/env bash
# The foundation benchmark in one command (see docs/benchmarks.md); arguments go to
# `python -m bench.foundation`, e.g. --rounds 1 --duration 5 for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)…"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
test -x .venv/bin/python || make setup
exec .venv/bin/python -m bench.foundation "$@"
