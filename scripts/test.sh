#!/usr/bin/env bash
# Runs the whole test suite. GONGJIANG_TEST_DATABASE=postgres runs the database
# tests on PostgreSQL (127.0.0.1:5432, user postgres; each test makes its own
# database); the default is SQLite in temporary folders. The last line sums up
# every test binary: "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
echo "database for tests: ${GONGJIANG_TEST_DATABASE:-sqlite}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --all-targets "$@" 2>&1 | tee "$log" || status=$?
passed=$(awk '/^test result:/ {for (i = 1; i <= NF; i++) if ($i ~ /^passed;?$/) s += $(i-1)} END {print s + 0}' "$log")
failed=$(awk '/^test result:/ {for (i = 1; i <= NF; i++) if ($i ~ /^failed;?$/) s += $(i-1)} END {print s + 0}' "$log")
echo "tests: $passed passed, $failed failed"
exit "$status"
