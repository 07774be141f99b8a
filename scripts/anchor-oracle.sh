#!/usr/bin/env bash
# anchor-oracle.sh [--suggest] [--write-report FILE] -- the differential
# test of the re-anchoring (src/domain/anchor.c) against Hypothesis's: every case
# of tests/anchor/corpus.json is anchored again with Hypothesis's
# matchQuote (tests/anchor/oracle.mjs, on approx-string-match from npm) and
# must agree with what the case expects from claimtrack, or say in its
# "oracle": {"differs": "..."} why not. Needs node, and the npm registry
# the first time; no build, no database. The last line it prints is
# "oracle: N passed, M failed"; the options go to oracle.mjs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "anchor-oracle: node and npm are missing (CT_WITH_BROWSER=1 scripts/deps.sh installs them)" >&2
    exit 1
fi
# Install from the lock file when nothing is installed yet, and again when
# the lock file changed since (npm ci leaves node_modules/.package-lock.json).
installed=tests/anchor/node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ tests/anchor/package-lock.json -nt "$installed" ]; then
    (cd tests/anchor && npm ci --no-audit --no-fund --loglevel=error)
fi

exec node tests/anchor/oracle.mjs tests/anchor/corpus.json "$@"
