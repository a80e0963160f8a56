#!/usr/bin/env bash
# Reruns the performance figures of BENCHMARKS.md on this machine, on SQLite and
# on PostgreSQL: framework ceiling, applications/s with p50/p99, the raw database
# ceiling for the same writes, the review API and page at 10,000 applications,
# the export of those 10,000 rows, a burst of 2,000 simultaneous applicants,
# pairing, and resident memory idle, at its peak throughout and after.
# Installs wrk if it is missing.
# Usage: scripts/bench.sh [sqlite|postgres|both]
#   (RUNS=3 DURATION=10s CONNS=32 REVIEW_N=10000 BURST=2000; PROFILE=1 writes
#   target/profile-<db>.txt, a perf profile of the first application run)
set -euo pipefail
cd "$(dirname "$0")/.."
WHICH=${1:-both}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
REVIEW_N=${REVIEW_N:-10000}
BURST=${BURST:-2000}
PORT=${PORT:-18080}
PG_ADMIN=${PG_ADMIN:-postgres://postgres@127.0.0.1:5432}
BASE="http://127.0.0.1:$PORT"
OUT=${OUT:-target/bench-results.md}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl; }
[ -z "${PROFILE:-}" ] || command -v perf >/dev/null || { apt-get update -qq && apt-get install -y -qq linux-perf; }
[ -n "${BENCH_NO_BUILD:-}" ] || cargo build --release --workspace --bins --benches -q
BIN=target/release/gongjiang

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.2f\n", v}'; }
rss_mb() { awk '/VmRSS/ {printf "%.1f\n", $2/1024}' "/proc/$1/status"; }

# One wrk run; prints "rps p50ms p99ms".
wrk_run() {
  local out
  out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$@" 2>&1)
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}' | to_ms)
  p99=$(echo "$out" | awk '$1=="99%" {print $2}' | to_ms)
  if echo "$out" | grep -q "Non-2xx"; then echo "$out" | grep "Non-2xx" >&2; fi
  # apply.lua prints every status it saw and wrk's socket errors.
  echo "$out" | grep -E "^(statuses|socket errors):" >&2 || true
  echo "$rps $p50 $p99"
}

# Median of RUNS runs of a wrk command: prints "rps p50 p99".
wrk_median() {
  local rs=() p5=() p9=() line
  for _ in $(seq 1 "$RUNS"); do
    line=$(wrk_run "$@")
    rs+=("$(echo "$line" | cut -d' ' -f1)"); p5+=("$(echo "$line" | cut -d' ' -f2)"); p9+=("$(echo "$line" | cut -d' ' -f3)")
  done
  echo "$(printf '%s\n' "${rs[@]}" | median) $(printf '%s\n' "${p5[@]}" | median) $(printf '%s\n' "${p9[@]}" | median)"
}

# Where the time went: by own time (self), and by time including callees, top 60 each.
profile_report() {
  {
    echo "# perf record -F 499 -g of the service during one application run"
    echo "## self"
    perf report -i "$1" --no-children --sort dso,symbol --stdio -g none --percent-limit 0.5 2>/dev/null | grep -v '^$' | head -n 60 || true
    echo "## children"
    perf report -i "$1" --children --sort symbol --stdio -g none --percent-limit 2 2>/dev/null | grep -v '^$' | head -n 60 || true
    echo "## by thread and library"
    perf report -i "$1" --no-children --sort comm,dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -n 12 || true
  } > "$2"
  echo "profile written to $2" >&2
}

# The newest bench executable of that name (not its .d file).
bench_bin() { ls -t target/release/deps/"$1"-* 2>/dev/null | grep -v '\.d$' | head -n1; }

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

bench_db() {
  local kind=$1 data url pid cookie
  data=$(mktemp -d)
  if [ "$kind" = postgres ]; then
    local name="gj_bench_$$"
    psql "$PG_ADMIN/postgres" -qc "DROP DATABASE IF EXISTS $name" -qc "CREATE DATABASE $name"
    url="$PG_ADMIN/$name"
  else
    url=""
  fi
  export GONGJIANG_DATA_DIR=$data DATABASE_URL=$url ROCKET_PORT=$PORT ROCKET_LOG_LEVEL=off RUST_LOG=warn
  # One load tool is one client address: no application limit, and /metrics
  # needs its token.
  export GONGJIANG_APPLICATION_LIMIT=0 GONGJIANG_METRICS_TOKEN=bench-metrics
  "$BIN" migrate >/dev/null
  echo 'bench password 123' | "$BIN" user add --role organizer --email bench@example.com --name 压测员 >/dev/null
  "$BIN" serve > "$data/server.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' RETURN
  for _ in $(seq 1 100); do curl -fs "$BASE/health" >/dev/null && break; sleep 0.1; done
  sleep 2
  local rss_idle; rss_idle=$(rss_mb $pid)
  # Peak resident memory throughout the whole run, sampled every 0.2 s.
  ( m=0; while kill -0 $pid 2>/dev/null; do r=$(rss_mb $pid 2>/dev/null || echo 0); awk -v a="$r" -v b="$m" 'BEGIN{exit !(a>b)}' && m=$r; echo "$m" > "$data/peak_all"; sleep 0.2; done ) &
  local sampler_all=$!

  curl -fs -c "$data/jar" -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"bench password 123"}' "$BASE/api/v1/auth/login" >/dev/null
  cookie="gj_session=$(awk '$6=="gj_session" {print $7}' "$data/jar")"
  local W; W=$(curl -fs -b "$data/jar" -H 'Content-Type: application/json' --data @scripts/bench/workshop.json "$BASE/api/v1/workshops" | json_field "['id']")
  new_cohort() {
    local c now close start
    now=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ); close=$(date -u -d '+10 days' +%Y-%m-%dT%H:%M:%SZ); start=$(date -u -d '+20 days' +%Y-%m-%d)
    c=$(curl -fs -b "$data/jar" -H 'Content-Type: application/json' \
      -d "{\"name\":\"压测期\",\"capacity\":10000,\"applications_open_at\":\"$now\",\"applications_close_at\":\"$close\",\"starts_on\":\"$start\",\"ends_on\":\"$start\",\"venue\":\"绍兴市焊接实训基地\"}" \
      "$BASE/api/v1/workshops/$W/cohorts" | json_field "['id']")
    curl -fs -b "$data/jar" -H 'Content-Type: application/json' -d '{"to":"open"}' "$BASE/api/v1/cohorts/$c/transition" >/dev/null
    echo "$c"
  }
  # Realistic volume: 100 cohorts.
  for _ in $(seq 1 97); do new_cohort >/dev/null; done

  local health; health=$(wrk_median "$BASE/health")
  # Each application run goes to a fresh cohort (unique people per cohort).
  local rs=() p5=() p9=() peak=0 line c
  for _ in $(seq 1 "$RUNS"); do
    c=$(new_cohort)
    ( m=0; while kill -0 $pid 2>/dev/null; do r=$(rss_mb $pid); awk -v a="$r" -v b="$m" 'BEGIN{exit !(a>b)}' && m=$r; echo "$m" > "$data/peak"; sleep 0.5; done ) &
    local sampler=$!
    if [ -n "${PROFILE:-}" ] && [ ! -f "$data/perf.data" ]; then
      # A CPU profile of the service during the first application run.
      perf record -F 499 -g -o "$data/perf.data" -p $pid -- sleep "${DURATION%s}" >/dev/null 2>&1 &
      local perf_pid=$!
    fi
    line=$(wrk_run -s scripts/bench/apply.lua "$BASE" -- "$c")
    if [ -n "${perf_pid:-}" ]; then
      wait "$perf_pid" 2>/dev/null || true; perf_pid=""
      profile_report "$data/perf.data" "target/profile-$kind.txt"
    fi
    kill $sampler 2>/dev/null || true
    peak=$(cat "$data/peak" 2>/dev/null || echo 0)
    rs+=("$(echo "$line" | cut -d' ' -f1)"); p5+=("$(echo "$line" | cut -d' ' -f2)"); p9+=("$(echo "$line" | cut -d' ' -f3)")
  done
  local apply_rps apply_p50 apply_p99
  apply_rps=$(printf '%s\n' "${rs[@]}" | median); apply_p50=$(printf '%s\n' "${p5[@]}" | median); apply_p99=$(printf '%s\n' "${p9[@]}" | median)
  local peak_apps; peak_apps=$(cat "$data/peak_all" 2>/dev/null || echo 0)
  local stored; stored=$(curl -fs -H "Authorization: Bearer bench-metrics" "$BASE/metrics" | awk '/^gongjiang_applications\{status="pending"\}/ {print $2}')
  # The receipts queued by the rush: how long the sender takes to write them all out.
  local drain_start queued drained_in="n/a"
  drain_start=$(date +%s.%N)
  for _ in $(seq 1 600); do
    queued=$(curl -fs -H "Authorization: Bearer bench-metrics" "$BASE/metrics" | awk '/^gongjiang_outbox_notices\{status="(queued|sending)"\}/ {s += $2} END {print s + 0}')
    if [ "$queued" -eq 0 ]; then drained_in=$(awk -v a="$drain_start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}'); break; fi
    sleep 0.5
  done
  local sent; sent=$(curl -fs -H "Authorization: Bearer bench-metrics" "$BASE/metrics" | awk '/^gongjiang_outbox_notices\{status="sent"\}/ {print $2}')

  # BURST connections asking GET /health at once: what the connections cost
  # in memory by themselves, before the burst of applicants.
  local health_burst peak_hburst
  health_burst=$(python3 scripts/bench/burst.py 127.0.0.1 "$PORT" - "$BURST")
  sleep 1
  peak_hburst=$(cat "$data/peak_all" 2>/dev/null || echo 0)
  # A burst: BURST applicants open their connections at once, then all send.
  local burst_cohort burst burst_stored
  burst_cohort=$(new_cohort)
  burst=$(python3 scripts/bench/burst.py 127.0.0.1 "$PORT" "$burst_cohort" "$BURST")
  burst_stored=$(curl -fs -b "$data/jar" "$BASE/api/v1/cohorts/$burst_cohort/applications/counts" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  local peak_burst; peak_burst=$(cat "$data/peak_all" 2>/dev/null || echo 0)

  # The review API and page on a cohort of REVIEW_N applications.
  local review_cohort; review_cohort=$(new_cohort)
  wrk -t2 -c16 -d300s -s scripts/bench/apply.lua "$BASE" -- "$review_cohort" >/dev/null 2>&1 &
  local seeder=$!
  for _ in $(seq 1 1500); do
    n=$(curl -fs -b "$data/jar" "$BASE/api/v1/cohorts/$review_cohort/applications/counts" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
    [ "$n" -ge "$REVIEW_N" ] && break; sleep 0.2
  done
  kill $seeder 2>/dev/null || true; wait $seeder 2>/dev/null || true
  n=$(curl -fs -b "$data/jar" "$BASE/api/v1/cohorts/$review_cohort/applications/counts" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  local peak_seed; peak_seed=$(cat "$data/peak_all" 2>/dev/null || echo 0)
  local review_api review_page review_search api_kb page_kb
  review_api=$(wrk_median -H "Cookie: $cookie" "$BASE/api/v1/cohorts/$review_cohort/applications")
  review_page=$(wrk_median -H "Cookie: $cookie" "$BASE/cohorts/$review_cohort/manage")
  review_search=$(wrk_median -H "Cookie: $cookie" "$BASE/api/v1/cohorts/$review_cohort/applications?q=0042")
  api_kb=$(curl -fs -b "$data/jar" "$BASE/api/v1/cohorts/$review_cohort/applications" | wc -c | awk '{printf "%.1f", $1/1024}')
  page_kb=$(curl -fs -b "$data/jar" "$BASE/cohorts/$review_cohort/manage" | wc -c | awk '{printf "%.1f", $1/1024}')
  local peak_review; peak_review=$(cat "$data/peak_all" 2>/dev/null || echo 0)
  # The export of every row of that cohort, CSV (streamed) and Excel: 5 each.
  local csv_times=() xlsx_times=() csv_kb xlsx_kb line2
  for _ in 1 2 3 4 5; do
    line2=$(curl -fs -b "$data/jar" -o /dev/null -w '%{time_total} %{size_download}' "$BASE/api/v1/cohorts/$review_cohort/exports/applications.csv")
    csv_times+=("$(echo "$line2" | awk '{printf "%.0f", $1*1000}')"); csv_kb=$(echo "$line2" | awk '{printf "%.0f", $2/1024}')
    line2=$(curl -fs -b "$data/jar" -o /dev/null -w '%{time_total} %{size_download}' "$BASE/api/v1/cohorts/$review_cohort/exports/applications.xlsx")
    xlsx_times+=("$(echo "$line2" | awk '{printf "%.0f", $1*1000}')"); xlsx_kb=$(echo "$line2" | awk '{printf "%.0f", $2/1024}')
  done
  local csv_med csv_max xlsx_med xlsx_max
  csv_med=$(printf '%s\n' "${csv_times[@]}" | median); csv_max=$(printf '%s\n' "${csv_times[@]}" | sort -g | tail -n1)
  xlsx_med=$(printf '%s\n' "${xlsx_times[@]}" | median); xlsx_max=$(printf '%s\n' "${xlsx_times[@]}" | sort -g | tail -n1)
  local rss_after; rss_after=$(rss_mb $pid)
  local peak_export; peak_export=$(cat "$data/peak_all" 2>/dev/null || echo 0)

  # Saving one session's attendance for 60 participants (as the organizer).
  local att_cohort ids mentor_session body att
  att_cohort=$(new_cohort)
  for k in $(seq 1 60); do
    curl -fs -H 'Content-Type: application/json' -d "$(python3 scripts/bench/applicant.py "$k")" "$BASE/api/v1/cohorts/$att_cohort/applications" >/dev/null
  done
  ids=$(curl -fs -b "$data/jar" "$BASE/api/v1/cohorts/$att_cohort/applications?limit=200" | python3 -c 'import json,sys; print(json.dumps([a["id"] for a in json.load(sys.stdin)]))')
  curl -fs -b "$data/jar" -H 'Content-Type: application/json' -d "{\"application_ids\": $ids, \"decision\": \"admit\"}" "$BASE/api/v1/cohorts/$att_cohort/decisions" >/dev/null
  for to in closed approved; do
    curl -fs -b "$data/jar" -H 'Content-Type: application/json' -d "{\"to\":\"$to\"}" "$BASE/api/v1/cohorts/$att_cohort/transition" >/dev/null
  done
  mentor_session=$(curl -fs -b "$data/jar" -H 'Content-Type: application/json' \
    -d "{\"title\":\"实操\",\"kind\":\"practical\",\"starts_at\":\"$(date -u -d '-1 hour' +%FT%TZ)\",\"ends_at\":\"$(date -u -d '+2 hours' +%FT%TZ)\",\"venue\":\"车间\"}" \
    "$BASE/api/v1/cohorts/$att_cohort/sessions" | json_field "['id']")
  body=$(echo "$ids" | python3 -c 'import json,sys; ids=json.load(sys.stdin); print(json.dumps({"records": [{"participant_id": i, "status": ["present","late","absent"][i % 3]} for i in ids]}))')
  printf 'wrk.method = "PUT"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "application/json"\n' "$body" > "$data/attendance.lua"
  # One save first: the figure is only worth having if the save succeeds.
  local att_status
  att_status=$(curl -s -o "$data/att.json" -w '%{http_code}' -X PUT -b "$data/jar" -H 'Content-Type: application/json' -d "$body" "$BASE/api/v1/sessions/$mentor_session/attendance")
  [ "$att_status" = 200 ] || { echo "attendance save answered $att_status: $(head -c 300 "$data/att.json")" >&2; kill $pid; exit 1; }
  att=$(wrk_median -H "Cookie: $cookie" -s "$data/attendance.lua" "$BASE/api/v1/sessions/$mentor_session/attendance")

  # The raw database bench prints its detail lines first and its summary last.
  DATABASE_URL_RAW=${url:-"sqlite://$data/raw.db?mode=rwc"} "$(bench_bin raw_db)" --bench > "$data/raw.txt" 2>/dev/null || echo "n/a" > "$data/raw.txt"
  local raw; raw=$(tail -n1 "$data/raw.txt")
  kill $sampler_all 2>/dev/null || true
  local peak_all; peak_all=$(cat "$data/peak_all" 2>/dev/null || echo 0)
  kill $pid; wait $pid 2>/dev/null || true
  [ "$kind" = postgres ] && psql "$PG_ADMIN/postgres" -qc "DROP DATABASE IF EXISTS gj_bench_$$" || true

  {
    echo "### $kind"
    echo
    echo "| measure | figure |"
    echo "| --- | --- |"
    echo "| GET /health (framework ceiling) | $(echo "$health" | cut -d' ' -f1) req/s, p50 $(echo "$health" | cut -d' ' -f2) ms, p99 $(echo "$health" | cut -d' ' -f3) ms |"
    echo "| POST applications, $CONNS connections | $apply_rps req/s, p50 $apply_p50 ms, p99 $apply_p99 ms |"
    echo "| applications as a share of /health | $(awk -v a="$apply_rps" -v h="$(echo "$health" | cut -d' ' -f1)" 'BEGIN {printf "%.2f %%", 100*a/h}') |"
    echo "| burst of $BURST simultaneous applicants | $burst; stored $burst_stored |"
    echo "| applications stored by the runs | $stored |"
    echo "| receipts still queued when the rush ended, drained in | ${drained_in} s (sent in all: $sent) |"
    echo "| raw database ceiling (application + outbox row, one transaction, 32 tasks) | $raw |"
    echo "| review API, first page, cohort of $n applications | $(echo "$review_api" | cut -d' ' -f1) req/s, p50 $(echo "$review_api" | cut -d' ' -f2) ms, p99 $(echo "$review_api" | cut -d' ' -f3) ms, $api_kb KB |"
    echo "| review page, first page, cohort of $n applications | $(echo "$review_page" | cut -d' ' -f1) req/s, p50 $(echo "$review_page" | cut -d' ' -f2) ms, p99 $(echo "$review_page" | cut -d' ' -f3) ms, $page_kb KB |"
    echo "| review API, phone-suffix search | $(echo "$review_search" | cut -d' ' -f1) req/s, p50 $(echo "$review_search" | cut -d' ' -f2) ms, p99 $(echo "$review_search" | cut -d' ' -f3) ms |"
    echo "| export of $n rows, CSV (streamed), 5 runs | median $csv_med ms, max $csv_max ms, $csv_kb KB |"
    echo "| export of $n rows, Excel, 5 runs | median $xlsx_med ms, max $xlsx_max ms, $xlsx_kb KB |"
    echo "| save attendance, 60 participants (PUT, organizer) | $(echo "$att" | cut -d' ' -f1) req/s, p50 $(echo "$att" | cut -d' ' -f2) ms, p99 $(echo "$att" | cut -d' ' -f3) ms |"
    echo "| resident memory idle / peak in the application runs / peak throughout / after | $rss_idle MB / $peak MB / $peak_all MB / $rss_after MB |"
    echo "| burst of $BURST simultaneous GET /health | $health_burst |"
    echo "| running peak of resident memory after: applications / $BURST × /health / $BURST applicants / seeding $n / review / exports | $peak_apps / $peak_hburst / $peak_burst / $peak_seed / $peak_review / $peak_export MB |"
    echo
    echo "raw database detail:"
    echo
    sed 's/^/    /' "$data/raw.txt"
    echo
  } | tee -a "$OUT"
  unset DATABASE_URL
}

: > "$OUT"
echo "# bench $(date -u +%FT%TZ) on $(nproc) cores, RUNS=$RUNS DURATION=$DURATION CONNS=$CONNS" | tee -a "$OUT"
case "$WHICH" in
  sqlite) bench_db sqlite ;;
  postgres) bench_db postgres ;;
  *) bench_db sqlite; bench_db postgres ;;
esac
if ls target/release/deps/pairing-* >/dev/null 2>&1; then
  echo "pairing: $("$(bench_bin pairing)" --bench 2>/dev/null | tail -n1)" | tee -a "$OUT"
fi
