#!/usr/bin/env bash
# Resident memory of the service under N concurrent failed sign-ins for unknown
# e-mail addresses (issue #16: argon2 at 19 MiB each must not run unbounded).
# Usage: scripts/signin_memory.sh [N=64] [binary=target/debug/gongjiang]
set -euo pipefail
N=${1:-64}
BIN=${2:-target/debug/gongjiang}
PORT=${PORT:-18716}
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; kill $sampler 2>/dev/null || true; rm -rf "$data"' EXIT
GONGJIANG_DATA_DIR=$data ROCKET_PORT=$PORT ROCKET_LOG_LEVEL=off GONGJIANG_MAIL_SENDER=false "$BIN" serve >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
rss() { awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
before=$(rss)
( peak=0; while kill -0 $pid 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r && echo "$peak" > "$data/peak"; sleep 0.05; done ) &
sampler=$!
start=$(date +%s.%N)
seq 1 "$N" | xargs -P "$N" -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -H 'Content-Type: application/json' \
  -d '{"email":"nobody{}@example.com","password":"wrong password"}' \
  "http://127.0.0.1:$PORT/api/v1/auth/login" > "$data/codes"
took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
sleep 1
after=$(rss)
echo "signin_memory: $N concurrent failed sign-ins in ${took}s; resident MB before $before, peak $(cat "$data/peak" 2>/dev/null || echo "$before"), after $after; answers: $(sort "$data/codes" | uniq -c | tr '\n' ' ')"
