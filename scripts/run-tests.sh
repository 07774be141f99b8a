#!/usr/bin/env bash
# run-tests.sh BUILD [ASAN_BUILD] -- run every Check suite of BUILD (and of
# ASAN_BUILD, sanitised) against the cluster in CT_TEST_DB.
#
# Every tests/test_*.c is a suite that must exist as a binary and must run
# at least one check: a suite that is missing, crashes, or ran nothing
# fails the run, as does any failed check. The last line counts the checks
# of all suites ("checks: N passed, M failed"). The plain run writes each
# suite's time in milliseconds to BUILD/suite-times ("test_x 1234" lines),
# the order mutate.sh tries suites in.
set -uo pipefail
failed=0
passed_checks=0
failed_checks=0

run_suites() {
    local build=$1 label=$2 times=${3:-} src name t out summary checks failures errors
    [ -n "$times" ] && : > "$times"
    echo "== test suites ($label)"
    for src in tests/test_*.c; do
        name=$(basename "$src" .c)
        t=$build/tests/$name
        printf '%-28s ' "$name"
        if [ ! -x "$t" ]; then
            echo "MISSING (not built: $t)"
            failed=1
            continue
        fi
        local t0=$(date +%s%N)
        out=$(CT_PLUGIN="$build/claimtrack.so" "$t" 2>&1)
        local status=$?
        [ -n "$times" ] && echo "$name $(( ($(date +%s%N) - t0) / 1000000 ))" >> "$times"
        summary=$(echo "$out" | grep -E '^[0-9]+%: Checks: [0-9]+' | tail -n 1)
        checks=$(echo "$summary" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
        failures=$(echo "$summary" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
        errors=$(echo "$summary" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
        if [ -z "$summary" ] || [ "${checks:-0}" -eq 0 ]; then
            echo "FAILED (ran no test)"
            echo "$out" | sed 's/^/    /' | tail -n 40
            failed=1
            failed_checks=$((failed_checks + 1))
            continue
        fi
        passed_checks=$((passed_checks + checks - failures - errors))
        failed_checks=$((failed_checks + failures + errors))
        if [ $status -eq 0 ] && [ "$failures" -eq 0 ] && [ "$errors" -eq 0 ]; then
            echo "$summary"
        else
            echo "FAILED"
            echo "$out" | sed 's/^/    /' | tail -n 40
            failed=1
        fi
    done
}

export CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-30}
run_suites "$1" plain "$1/suite-times"
if [ -n "${2:-}" ]; then
    export CK_DEFAULT_TIMEOUT=120
    export CK_TIMEOUT_MULTIPLIER=${CK_TIMEOUT_MULTIPLIER:-4}
    # intercept_tls_get_addr=0: the sanitizer runtimes of GCC 12 and LLVM 14
    # (Debian 12's) take a dynamic TLS block whose address happens to sit
    # at offset 16 of a page for a pre-2.25 glibc block, read a bogus range
    # from the words before it, and LeakSanitizer's tracer then dies at
    # exit ("Tracer caught signal 11", google/sanitizers#1322). Where it
    # lands depends on the binary's layout, so a change anywhere can bring
    # it on (the command-line import of test_claimreview_import did). The
    # blocks are still heap memory that LeakSanitizer scans from the
    # threads' TLS; only the interception is off.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:intercept_tls_get_addr=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    run_suites "$2" "AddressSanitizer + UndefinedBehaviorSanitizer"
fi
echo "checks: $passed_checks passed, $failed_checks failed"
exit $failed
