#!/usr/bin/env bash
# Every check and test of `make test`. Outside CI a part whose service cannot be had is skipped
# with a notice; with CI=true every part is required.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
CI=${CI:-}
failed=()
skipped=()

step() { echo; echo "=== $1"; }
run() { local name=$1; shift; step "$name"; if "$@"; then echo "--- ok: $name"; else failed+=("$name"); echo "--- FAILED: $name"; fi; }
skip() { if [ "$CI" = "true" ]; then failed+=("$1 ($2)"); echo "--- FAILED (required in CI): $1: $2"; else skipped+=("$1: $2"); echo "--- SKIPPED: $1: $2"; fi; }

export SECRET_KEY=${SECRET_KEY:-tests-only-secret-key}
unset TANDEM_DEMO

run "lint (ruff)" bash -c "$BIN/ruff check . && $BIN/ruff format --check ."
run "migrations are up to date" env DATABASE_URL=sqlite:///:memory: $BIN/tandem makemigrations --check --dry-run
run "translations are complete (en, nl, fr)" $BIN/python scripts/check_translations.py

JOBS=$([ "$(nproc 2>/dev/null || echo 1)" -gt 1 ] && echo "-n 2" || echo "")

run "tests on SQLite" env DATABASE_URL=sqlite:///var/test.sqlite3 $BIN/pytest -q $JOBS -m "not browser"

PG_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tandem}
if [[ "$PG_URL" == postgres* ]] && $BIN/python scripts/db_reachable.py "$PG_URL"; then
  run "tests on PostgreSQL" env DATABASE_URL="$PG_URL" $BIN/pytest -q $JOBS -m "not browser"
else
  skip "tests on PostgreSQL" "no PostgreSQL reachable at ${PG_URL%%@*}@…"
fi

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  step "installing Debian's chromium for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || true
fi
if [ -x "$CHROMIUM" ]; then
  run "browser tests in Chromium" env DATABASE_URL=sqlite:///var/test-browser.sqlite3 CHROMIUM="$CHROMIUM" $BIN/pytest -q -m browser
else
  skip "browser tests" "Chromium is not installed and could not be installed (apt-get install chromium)"
fi

echo
for s in "${skipped[@]+"${skipped[@]}"}"; do echo "NOTICE skipped: $s"; done
if [ ${#failed[@]} -gt 0 ]; then
  for f in "${failed[@]}"; do echo "FAILED: $f"; done
  exit 1
fi
echo "make test: all parts passed"
