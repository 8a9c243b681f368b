#!/usr/bin/env bash
# Runs sqlmap (Debian package `sqlmap`) against the search, facilities and sign-up endpoints of a
# local rxsafety with the guard OFF, so it tests the code's own parameterisation, not the guard.
# Too slow for CI (minutes); CI runs test/security/*.test.ts instead. Goal: zero injectable parameters.
#
#   sudo apt-get install sqlmap      # once
#   scripts/sqlmap.sh                # starts a server on :3999 with an in-memory SQLite database
#   DATABASE_URL=postgres://… scripts/sqlmap.sh   # the same against PostgreSQL
#
# Output: sqlmap's logs in ./sqlmap-out/; the script exits 1 if sqlmap reports any injectable parameter.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlmap >/dev/null || { echo "sqlmap is not installed (apt-get install sqlmap)"; exit 2; }

PORT="${PORT:-3999}"
BASE="http://127.0.0.1:${PORT}"
OUT="${OUT:-sqlmap-out}"
mkdir -p "$OUT"

# A database with facilities in it, so the facility search has rows to answer with (sqlmap compares
# answers); SQLite in a temporary file unless DATABASE_URL names a PostgreSQL.
DB_URL="${DATABASE_URL:-sqlite:$(mktemp -d)/sqlmap.sqlite}"
DATABASE_URL="$DB_URL" node bin/rxsafety.js facilities import src/treatment/fixtures/facility-listing.csv >/dev/null

GUARD_MODE=off RATE_LIMIT_PER_MINUTE=100000 PORT="$PORT" HOST=127.0.0.1 \
  DATABASE_URL="$DB_URL" RXSAFETY_LOG_LEVEL=warn \
  node --import tsx src/main.ts >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

COMMON=(--batch --level=3 --risk=2 --flush-session --output-dir="$OUT" --disable-coloring)
run() { echo "== sqlmap $*"; sqlmap "${COMMON[@]}" "$@" | tee -a "$OUT/sqlmap.txt"; }

run -u "$BASE/search?q=baclofen"
run -u "$BASE/api/v1/search?q=baclofen"
run -u "$BASE/api/v1/facilities?zip=22902&radiusMiles=50&setting=detox&payment=medicaid" || true
run -u "$BASE/treatment?zip=22902&radiusMiles=50&setting=detox" || true
run -u "$BASE/api/v1/drugs/baclofen" || true
run -u "$BASE/api/v1/studies?drug=baclofen&condition=alcohol-use-disorder" || true
run -u "$BASE/api/v1/subscriptions" --data='{"email":"sqlmap@example.org","consent":true}' --headers="Content-Type: application/json" || true
run -u "$BASE/subscriptions" --data='email=sqlmap%40example.org&consent=on' || true

# Only sqlmap's final verdict counts: it also prints "appears to be … injectable" for candidates it
# then rejects itself ("false positive or unexploitable injection point detected"), e.g. for the
# in-memory search, whose answers vary with the text but which runs no SQL at all.
if grep -qiE "identified the following injection point|parameter '[^']*' is vulnerable" "$OUT/sqlmap.txt"; then
  echo "sqlmap found an injectable parameter: see $OUT/sqlmap.txt"
  exit 1
fi
tested=$(grep -ciE "testing if .* parameter '[^']*' is dynamic|parameter '[^']*' does not seem to be injectable" "$OUT/sqlmap.txt" || true)
echo "sqlmap: no injectable parameters ($tested parameter checks; log in $OUT/sqlmap.txt)"
