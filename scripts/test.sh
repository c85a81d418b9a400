#!/usr/bin/env bash
# The whole suite: lint, types, the tests on SQLite, the same tests on PostgreSQL, the browser tests.
# With CI=true PostgreSQL and Chromium are required (started or installed here); outside CI a missing
# PostgreSQL is skipped with a loud line. Nothing is skipped silently.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
RESULTS=var/test-results
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
export PYTHONDONTWRITEBYTECODE=1
unset DEBUG SECRET_KEY
CI="${CI:-false}"
PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/nastavnik}"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
status=0
ran=()
say() { printf '\n==== %s\n' "$*"; }
fail() { echo "ОШИБКА / ERROR: $*" >&2; status=1; }

pg_ready() {
  $PY - "$PG_URL" <<'PY' >/dev/null 2>&1
import sys, psycopg
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, dbname="postgres", connect_timeout=3).close()
PY
}

ensure_postgres() {
  pg_ready && return 0
  if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "PostgreSQL is installed but not answering: starting it"
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
  elif [ "$CI" = "true" ] && [ "$(id -u)" = "0" ]; then
    echo "PostgreSQL is not installed: installing Debian's postgresql"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    for version in $(ls /etc/postgresql); do
      sed -i 's/^\(host.*127.0.0.1\/32\s*\)\S*$/\1trust/; s/^\(local\s*all\s*postgres\s*\)\S*$/\1trust/' \
        "/etc/postgresql/$version/main/pg_hba.conf"
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
  fi
  for _ in $(seq 1 20); do pg_ready && return 0; sleep 1; done
  return 1
}

ensure_chromium() {
  [ -x "$CHROMIUM" ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium is missing: installing Debian's chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  [ -x "$CHROMIUM" ]
}

ensure_axe() {  # axe-core from the npm registry, pinned in package.json / package-lock.json
  [ -f node_modules/axe-core/axe.min.js ] && return 0
  if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "npm is missing: installing Debian's nodejs and npm"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  npm ci --silent --no-audit --no-fund && [ -f node_modules/axe-core/axe.min.js ]
}

run_pytest() {  # name, then pytest arguments
  local name="$1"; shift
  $PY -m pytest -p no:cacheprovider --junitxml="$RESULTS/$name.xml" "$@"
  local rc=$?
  if [ $rc -eq 5 ]; then fail "$name: no tests were collected"; return 1; fi
  if [ $rc -ne 0 ]; then fail "$name: tests failed (exit $rc)"; return 1; fi
  return 0
}

say "Lint (ruff)"
if .venv/bin/ruff check . && .venv/bin/ruff format --check .; then ran+=("lint: ok"); else fail "ruff"; ran+=("lint: FAILED"); fi

say "Types (mypy with django-stubs)"
if DEBUG=1 .venv/bin/mypy; then ran+=("types: ok"); else fail "mypy"; ran+=("types: FAILED"); fi

say "Tests on SQLite"
if DATABASE_URL="sqlite:///$PWD/var/test.sqlite3" run_pytest sqlite -m "not browser" "$@"; then
  ran+=("SQLite: ok"); else ran+=("SQLite: FAILED"); fi

say "Tests on PostgreSQL ($PG_URL)"
if ensure_postgres; then
  if DATABASE_URL="$PG_URL" run_pytest postgresql -m "not browser" "$@"; then
    ran+=("PostgreSQL: ok"); else ran+=("PostgreSQL: FAILED"); fi
elif [ "$CI" = "true" ]; then
  fail "PostgreSQL is required in CI but cannot be reached at $PG_URL"; ran+=("PostgreSQL: UNAVAILABLE")
else
  echo "!!!!!!!! PostgreSQL is not reachable at $PG_URL: the PostgreSQL run is SKIPPED (allowed outside CI only) !!!!!!!!"
  ran+=("PostgreSQL: SKIPPED (not reachable)")
fi

say "Browser tests (Playwright + $CHROMIUM)"
if ensure_chromium && ensure_axe; then
  if CHROMIUM_PATH="$CHROMIUM" DATABASE_URL="sqlite:///$PWD/var/test-browser.sqlite3" run_pytest browser -m browser "$@"; then
    ran+=("browser ($("$CHROMIUM" --version 2>/dev/null | head -1)): ok"); else ran+=("browser: FAILED"); fi
else
  fail "Chromium ($CHROMIUM) and axe-core (npm ci) are required for the browser tests and could not be installed"
  ran+=("browser: UNAVAILABLE")
fi

say "Summary"
for line in "${ran[@]}"; do echo "  $line"; done
$PY - "$RESULTS" <<'PY'
import sys, pathlib, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in pathlib.Path(sys.argv[1]).glob("*.xml"):
    for suite in ET.parse(f).getroot().iter("testsuite"):
        total, fail, err, skip = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
        failed += fail + err; skipped += skip; passed += total - fail - err - skip
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
