#!/usr/bin/env bash
# The questionnaire report benchmark in one command (see docs/benchmarks.md); arguments go to
# `python -m bench.questionnaires_report`, e.g. --repeat 3 --pdf-runs 1 for a quick look.
set -euo pipefail
cd "$(dirname "$0")/.."
test -x .venv/bin/python || make setup
exec .venv/bin/python -m bench.questionnaires_report "$@"
