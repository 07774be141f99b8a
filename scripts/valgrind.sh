#!/usr/bin/env bash
# valgrind.sh BUILD -- run the database suites of BUILD (a build without
# sanitizers) under valgrind's memcheck, inside scripts/pgtest.sh. Check's
# fork mode is off so that valgrind follows the tests themselves; children
# a test forks on purpose (the "crash" in test_webhooks _exits without
# cleaning up) are not checked.
set -uo pipefail
build=${1:-build}
failed=0
export CK_FORK=no CK_DEFAULT_TIMEOUT=600
for t in "$build"/tests/test_*; do
    printf '%-28s ' "$(basename "$t")"
    if [ "$(basename "$t")" = test_oom ]; then
        # it replaces malloc to fail allocations one by one, as memcheck
        # replaces it to watch them: the sweep runs under ASan instead
        echo "not under valgrind (the out-of-memory sweep runs under AddressSanitizer)"
        continue
    fi
    if out=$(CT_PLUGIN="$build/claimtrack.so" valgrind -q --error-exitcode=99 --child-silent-after-fork=yes \
             --leak-check=full --errors-for-leak-kinds=definite \
             --suppressions=scripts/valgrind.supp "$t" 2>&1); then
        echo "$out" | grep -E '^[0-9]+%: Checks' || echo ok
    else
        echo FAILED; echo "$out" | tail -n 60 | sed 's/^/    /'; failed=1
    fi
done
exit $failed
