#!/usr/bin/env bash
# schemathesis over the whole OpenAPI document of a live `hemis serve`, anonymously and with a
# token: any server error (5xx) or response that contradicts the document fails the run.
#
# The server runs on a free port over a fresh PostgreSQL database holding the demo data (or
# SQLite in a temporary folder when HEMIS_FUZZ_SQLITE=1), and is stopped at the end.
# HEMIS_FUZZ_EXAMPLES bounds the cases per operation (default 60); HEMIS_FUZZ_PORT and
# HEMIS_FUZZ_DATABASE choose the port and the database's name.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
examples="${HEMIS_FUZZ_EXAMPLES:-60}"
work="$(mktemp -d)"
pg="postgres://postgres@127.0.0.1:5432"
db="${HEMIS_FUZZ_DATABASE:-hemis_fuzz_$$}"
server=""

cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -z "${HEMIS_FUZZ_SQLITE:-}" ]; then
    psql "$pg/postgres" -q -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${HEMIS_FUZZ_SQLITE:-}" ]; then
  export DATABASE_URL="sqlite:///$work/hemis.sqlite3"
else
  psql "$pg/postgres" -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  export DATABASE_URL="$pg/$db"
fi
port="${HEMIS_FUZZ_PORT:-$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
export HEMIS_DEMO=true HEMIS_DATA_DIR="$work" STATIC_ROOT="$work/static" PORT="$port"
unset REDIS_URL

echo "-- preparing the demo data ($DATABASE_URL)"
"$BIN/hemis" demo --no-serve >"$work/demo.log"
admin_token="$("$BIN/hemis" token admin@example.org --name fuzz 2>/dev/null | tail -n 1)"
coordinator_token="$("$BIN/hemis" token coordinator.jam@example.org --name fuzz 2>/dev/null | tail -n 1)"
# Path parameters take the demo's real identifiers most of the time, so that the cases reach
# the operations' work rather than their 404s.
"$BIN/hemis" shell --no-imports -c '
import json
from hemis.directory.models import Authority, Contact
from hemis.legislation.models import Law
from hemis.questionnaires.models import Campaign
from hemis.treaties.models import Instrument

print("[cache]\nenabled = false")

def values(items):
    return json.dumps(sorted({str(item) for item in items})[:40])

print("[dictionaries.contacts]")
print("values =", values(Contact.objects.values_list("public_id", flat=True)))
print("[dictionaries.authorities]")
print("values =", values(Authority.objects.values_list("public_id", flat=True)))
print("[dictionaries.laws]")
print("values =", values(Law.objects.values_list("public_id", flat=True)))
codes = [*Campaign.objects.values_list("code", flat=True), *Instrument.objects.values_list("code", flat=True)]
print("[dictionaries.codes]")
print("values =", values(codes))
print("[dictionaries.states]")
print("values =", values(["JAM", "MEX", "CHL", "BLZ", "TTO", "USA"]))
print("[parameters]")
for name, dictionary in [("contact_id", "contacts"), ("authority_id", "authorities"), ("law_id", "laws"), ("code", "codes"), ("iso3", "states")]:
    print(f"\"path.{name}\" = {{ dictionary = \"{dictionary}\", probability = 0.8 }}")
' >"$work/schemathesis.toml"

"$BIN/hemis" serve --port "$port" --workers 2 >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

schema="http://127.0.0.1:$port/api/v1/openapi.json"
checks="not_a_server_error,response_schema_conformance,content_type_conformance"
run() {
  "$BIN/st" --no-color --config-file "$work/schemathesis.toml" run "$schema" --url "http://127.0.0.1:$port" \
    --checks "$checks" --max-examples "$examples" --seed 20260 \
    --phases examples,coverage,fuzzing --suppress-health-check all \
    --request-timeout 30 --workers 1 "$@"
}
status=0
echo "-- schemathesis, anonymous"
run || status=1
echo "-- schemathesis, with an administrator's token"
run -H "Authorization: Bearer $admin_token" || status=1
echo "-- schemathesis, with a coordinator's token"
run -H "Authorization: Bearer $coordinator_token" || status=1
if grep -q "Internal Server Error\|Traceback" "$work/server.log"; then
  echo "The server logged errors:"; grep -B2 -A30 "Traceback" "$work/server.log" | head -200
  status=1
fi
exit $status
