#!/usr/bin/env bash
# Runs the whole test suite. GONGJIANG_TEST_DATABASE=postgres runs the database
# tests on PostgreSQL (127.0.0.1:5432, user postgres; each test makes its own
# database); the default is SQLite in temporary folders.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "database for tests: ${GONGJIANG_TEST_DATABASE:-sqlite}"
cargo test --workspace --all-targets "$@"
