#!/usr/bin/env bash
# check.sh BUILD -- what `make check` runs once everything is built: every
# test suite against a throwaway PostgreSQL (the out-of-memory sweep among
# them), then the same suites again under AddressSanitizer +
# UndefinedBehaviorSanitizer, the install check, the fuzz targets for a
# minute each, the mutation run (make mutate), PostgreSQL restarted
# under 8 writers (durability), the
# browser tests of the reference host (each on its own throwaway
# cluster), the anchoring corpus against Hypothesis's matcher, the
# reference host over HTTP (scripts/host-tests.sh), the ClaimReview markup through a common validator, real webhook deliveries
# through the standardwebhooks package, and the WordPress plugin
# in a real WordPress in chromium. Exits non-zero when anything fails.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
start=$(date +%s)
# Every sanitised program this script starts (the host, the fuzz targets,
# the browser's host) runs without the __tls_get_addr interception, whose
# misreading of glibc's dynamic TLS kills LeakSanitizer at exit
# (run-tests.sh says why); run-tests.sh sets its own options with it.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}intercept_tls_get_addr=0

echo "== building the AddressSanitizer + UBSan variant"
make --no-print-directory asan >/dev/null

echo "== layers: the dependency graph against src/layers.txt"
"$here/layers.sh" --self-test "$build"
"$here/layers.sh" "$build"

echo "== vocabulary: README and docs tables, written event types, error codes"
"$here/vocabulary.sh" --self-test
"$here/vocabulary.sh"

echo "== documentation: a page per route, every error code"
"$here/docs-check.sh"

echo "== install check"
"$here/install-check.sh" "$build"

"$here/pgtest.sh" "$here/run-tests.sh" "$build" build/asan

# The plain run of every suite just above is the mutants' baseline (the
# same sources, every suite passing): mutate.sh does not run it again.
echo "== mutation testing: every mutant of tests/mutants must make a fast suite fail"
MUTATE_NO_BASELINE=1 "$here/pgtest.sh" "$here/mutate.sh" "$build"

echo "== fuzzing: the request door on a database, JSON input, anchoring, the comparison form of matching and ClaimReview import, 60 s each (libFuzzer, ASan + UBSan)"
"$here/fuzz.sh" 60

echo "== durability: 8 writers through two PostgreSQL restarts (-m immediate)"
"$here/durability.sh" "$build"

echo "== anchoring corpus through Hypothesis's matcher (approx-string-match)"
"$here/anchor-oracle.sh"

echo "== the reference host over HTTP: encoded article ids, whole language tags"
"$here/pgtest.sh" "$here/host-tests.sh" build/asan

echo "== the WordPress plugin's process model from PHP's FFI"
"$here/pgtest.sh" "$here/php-shim.sh" "$build"

echo "== webhook deliveries verified by the standardwebhooks npm package"
"$here/pgtest.sh" "$here/standard-webhooks.sh" "$build"

echo "== ClaimReview markup through structured-data-testing-tool"
"$here/pgtest.sh" "$here/structured-data.sh" "$build"

echo "== browser tests (reference host in chromium, AddressSanitizer + UBSan build)"
"$here/pgtest.sh" "$here/browser-tests.sh" build/asan

echo "== the WordPress plugin in a real WordPress (php-fpm, Apache, MariaDB), in chromium"
"$here/wordpress-tests.sh" "$build"

echo "== make check passed in $(( $(date +%s) - start )) s"
