#!/usr/bin/env bash
# bench.sh BUILD -- what `make bench` runs inside a throwaway cluster
# (scripts/pgtest.sh): pgbench first, so that every figure of this run can
# be read against what the same machine and cluster do at that moment
# (the machine is shared and noisy; absolute rates vary between runs),
# then claimtrack's benchmarks.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg.sh"
pgbench=$PGBIN/pgbench
seconds=${BENCH_SECONDS:-5}

"$pgbench" -i -q "$CT_TEST_DB" >/dev/null 2>&1
select_tps=$("$pgbench" -S -c 8 -j 2 -T "$seconds" "$CT_TEST_DB" 2>/dev/null | awk '/^tps/ {print int($3)}')
update_tps=$("$pgbench" -N -c 8 -j 2 -T "$seconds" "$CT_TEST_DB" 2>/dev/null | awk '/^tps/ {print int($3)}')
echo "pgbench, 8 clients: select-only $select_tps tps, simple-update $update_tps tps"
echo

"$build/bench" "$build/claimtrack.so" "$CT_TEST_DB" "$seconds" | tee /tmp/ct-bench.$$
awk -v s="$select_tps" -v u="$update_tps" '
    /^claim read/   { printf "  claim read   / pgbench select-only:   %.2f\n", $3 / s }
    /^claim create/ { printf "  claim create / pgbench simple-update: %.2f\n", $3 / u }' /tmp/ct-bench.$$
rm -f /tmp/ct-bench.$$
echo
"$build/bench_anchor" "$build/claimtrack.so" "$CT_TEST_DB" | tee /tmp/ct-bench.$$
awk -v s="$select_tps" '
    /^anchor algorithm/ { printf "  anchor algorithm = the time of %.0f pgbench select-only transactions\n", $3 / 1000 * s }
    /^anchor route/     { printf "  anchor route     = the time of %.0f pgbench select-only transactions\n", $3 / 1000 * s }' /tmp/ct-bench.$$
rm -f /tmp/ct-bench.$$
echo
"$build/bench_webhooks" "$build/claimtrack.so" "$CT_TEST_DB"
