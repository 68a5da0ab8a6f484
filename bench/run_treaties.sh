#!/usr/bin/env bash
# The treaty status benchmark in one command (see docs/benchmarks.md); arguments go to
# `python -m bench.treaties`, e.g. --repeat 10 --pdf-runs 1 for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
test -x .venv/bin/python || make setup
exec .venv/bin/python -m bench.treaties "$@"
