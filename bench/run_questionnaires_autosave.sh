#!/usr/bin/env bash
# The reply autosave benchmark in one command (see docs/benchmarks.md); arguments go to
# `python -m bench.questionnaires_autosave`, e.g. --editors 4 --per-section 20 --duration 5 for a
# quick look. World-scale runs share the machine: wrap them in `flock /tmp/hemis-bench.lock`.
set -euo pipefail
cd "$(dirname "$0")/.."
test -x .venv/bin/python || make setup
exec .venv/bin/python -m bench.questionnaires_autosave "$@"
