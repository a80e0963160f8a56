#!/usr/bin/env bash
# Fuzzes the JSON API from its own OpenAPI document with schemathesis and
# counts how the server answered the bodies the schema describes: a debug
# service on a fresh SQLite folder, one organizer signed in (the session
# cookie rides on every request), a fixed seed and a bounded number of examples
# per operation, schema-valid ("positive") data only.
# Usage: scripts/schemathesis.sh   (SEED=17 EXAMPLES=30 PORT=18097 BIN=target/debug/gongjiang)
# Needs: pip install schemathesis. Prints the figures docs/api-fuzzing.md records.
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${SEED:-17}
EXAMPLES=${EXAMPLES:-30}
PORT=${PORT:-18097}
BASE="http://127.0.0.1:$PORT"
OUT=${OUT:-target/schemathesis}

command -v schemathesis >/dev/null || { echo "pip install schemathesis" >&2; exit 2; }
# BIN=… measures another build (e.g. main's, for the figures before a change).
# (--tests: the features the test build unifies, so no dependency is rebuilt.)
if [ -z "${BIN:-}" ]; then cargo build -q --tests; BIN=target/debug/gongjiang; fi

data=$(mktemp -d)
mkdir -p "$OUT"
export GONGJIANG_DATA_DIR=$data DATABASE_URL="" ROCKET_PORT=$PORT ROCKET_LOG_LEVEL=off RUST_LOG=warn
export GONGJIANG_APPLICATION_LIMIT=0
"$BIN" migrate >/dev/null
echo 'fuzz password 123' | "$BIN" user add --role organizer --email fuzz@example.com --name 模糊测试 >/dev/null
"$BIN" serve > "$OUT/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 200); do curl -fs "$BASE/health" >/dev/null && break; sleep 0.1; done

curl -fs -c "$data/jar" -H 'Content-Type: application/json' \
  -d '{"email":"fuzz@example.com","password":"fuzz password 123"}' "$BASE/api/v1/auth/login" >/dev/null
session=$(awk '$6=="gj_session" {print $7}' "$data/jar")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }

# Signing out would end the session every later request rides on.
set +e
schemathesis run "$BASE/api/openapi.json" \
  --url "$BASE" \
  -H "Cookie: gj_session=$session" \
  --exclude-path /api/v1/auth/logout \
  --mode positive --phases examples,coverage,fuzzing \
  --seed "$SEED" -n "$EXAMPLES" -w 1 --no-shrink \
  --generation-database none \
  --checks not_a_server_error \
  --report har --report-har-path "$OUT/run.har" \
  --no-color > "$OUT/schemathesis.log" 2>&1
st=$?
set -e
tail -n 25 "$OUT/schemathesis.log"
echo "schemathesis exit status: $st (log: $OUT/schemathesis.log)"

python3 - "$OUT/run.har" <<'PY'
import json, sys, collections
entries = json.load(open(sys.argv[1]))["log"]["entries"]
def cls(code):
    if code in (400, 422): return "400/422 (refused)"
    if code in (401, 403): return "401/403"
    if code == 404: return "404"
    if 200 <= code < 300: return "2xx"
    if code >= 500: return "5xx"
    return f"other 4xx ({code})" if code >= 400 else str(code)
rows = {"with a JSON body": collections.Counter(), "without a body": collections.Counter()}
per_op = collections.defaultdict(collections.Counter)
for e in entries:
    req, code = e["request"], e["response"]["status"]
    has_body = bool(req.get("postData", {}).get("text"))
    rows["with a JSON body" if has_body else "without a body"][cls(code)] += 1
    if has_body:
        path = req["url"].split("?")[0].split("/", 3)[-1]
        per_op[req["method"] + " /" + "/".join("{n}" if p.isdigit() else p for p in path.split("/"))][cls(code)] += 1
order = ["2xx", "401/403", "404", "400/422 (refused)", "5xx"]
for name, c in rows.items():
    total = sum(c.values())
    if not total: continue
    extra = sorted(k for k in c if k not in order)
    parts = ", ".join(f"{k}: {c[k]}" for k in order + extra if c[k])
    refused = c["400/422 (refused)"]
    print(f"{name}: {total} requests; {parts}; body accepted (not 400/422): "
          f"{total - refused} = {100 * (total - refused) / total:.1f}%")
print("\nrequests with a body, by operation:")
for op, c in sorted(per_op.items()):
    print(f"  {op}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
PY
