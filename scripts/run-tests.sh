#!/usr/bin/env bash
# run-tests.sh BUILD [ASAN_BUILD] -- run every Check suite of BUILD (and of
# ASAN_BUILD, sanitised) against the cluster in CT_TEST_DB.
set -uo pipefail
failed=0

run_suites() {
    local build=$1 label=$2
    echo "== test suites ($label)"
    for t in "$build"/tests/test_*; do
        [ -x "$t" ] || continue
        printf '%-28s ' "$(basename "$t")"
        if out=$(CT_PLUGIN="$build/claimtrack.so" "$t" 2>&1); then
            echo "$out" | grep -E '^[0-9]+%: Checks' || echo "ok"
        else
            echo "FAILED"
            echo "$out" | sed 's/^/    /' | tail -n 40
            failed=1
        fi
    done
}

export CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-30}
run_suites "$1" plain
if [ -n "${2:-}" ]; then
    export CK_DEFAULT_TIMEOUT=120
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    run_suites "$2" "AddressSanitizer + UndefinedBehaviorSanitizer"
fi
exit $failed
