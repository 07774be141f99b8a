#!/usr/bin/env bash
# bench.sh BUILD -- what `make bench` runs inside a throwaway cluster
# (scripts/pgtest.sh): pgbench first, so that every figure of this run can
# be read against what the same machine and cluster do at that moment
# (the machine is shared and noisy; absolute rates vary between runs),
# then claimtrack's benchmarks, which print their ratios to pgbench.
#
# pgbench: scale 10, prepared statements, 2 clients on 2 threads, as
# claimtrack runs with 2 threads and a pool of 2 connections. The cluster
# is pgtest.sh's (fsync off). BENCH_SECONDS (5) per figure.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg.sh"
pgbench=$PGBIN/pgbench
seconds=${BENCH_SECONDS:-5}
threads=2

tps() {
    "$pgbench" "$@" -M prepared -c $threads -j $threads -T "$seconds" "$CT_TEST_DB" 2>/dev/null \
        | awk '/^tps/ {print int($3)}'
}
"$pgbench" -i -q -s 10 "$CT_TEST_DB" >/dev/null 2>&1
select_tps=$(tps -S)
update_tps=$(tps -N)
echo "pgbench, scale 10, -M prepared, $threads clients on $threads threads:"
echo "  -S (select-only)    $select_tps tps"
echo "  -N (simple-update)  $update_tps tps"
echo

"$build/bench" "$build/claimtrack.so" "$CT_TEST_DB" "$seconds" $threads "$select_tps" "$update_tps"
echo
"$build/bench_anchor" "$build/claimtrack.so" "$CT_TEST_DB" | tee /tmp/ct-bench.$$
awk -v s="$select_tps" '
    /^anchor algorithm/ { printf "  anchor algorithm = the time of %.0f pgbench select-only transactions\n", $3 / 1000 * s }
    /^anchor route/     { printf "  anchor route     = the time of %.0f pgbench select-only transactions\n", $3 / 1000 * s }' /tmp/ct-bench.$$
rm -f /tmp/ct-bench.$$
echo
"$build/bench_webhooks" "$build/claimtrack.so" "$CT_TEST_DB"
