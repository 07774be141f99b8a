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
#
# claimtrack's scenarios run twice, on two schemas that bench_data fills
# by COPY with the same made-up desk: BENCH_SMALL_CLAIMS (1,000) claims,
# then BENCH_CLAIMS (1,000,000; 0 skips it), each with ten timeline events
# and three mentions, so that the answers of both hold the same kind of
# claims and only the size differs. Each rate of the second run is shown
# against the first's ("+3 % vs small"). BENCH_EXPLAIN=1 adds the query
# plans of the hot reads at the larger size (scripts/bench-explain.sh).
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg.sh"
pgbench=$PGBIN/pgbench
seconds=${BENCH_SECONDS:-5}
small=${BENCH_SMALL_CLAIMS:-1000}
claims=${BENCH_CLAIMS:-1000000}     # 0: the small database only
threads=2

tps() {
    "$pgbench" "$@" -M prepared -c $threads -j $threads -T "$seconds" "$CT_TEST_DB" 2>/dev/null \
        | awk '/^tps/ {print int($3)}'
}
# -N again (its script, on scale 10) with a NOTIFY in each transaction while three idle connections
# LISTEN (on a channel nobody notifies): a reference, not a target. Every
# claimtrack write notifies (the readers' cache's channel, sql/010), and
# PostgreSQL signals every listening backend of the database at each such
# commit, whatever its channel; the bench's two instances hold three
# (one for each instance's workers, one for the readers' cache). This is
# what -N itself does under those two costs.
notify_tps() {
    local script fifos listeners=() i
    script=$(mktemp /tmp/ct-bench-notify.XXXXXX)
    cat > "$script" <<'SQL'
\set aid random(1, 1000000)
\set bid random(1, 10)
\set tid random(1, 100)
\set delta random(-5000, 5000)
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
SELECT pg_notify('ct_bench_reference', '');
END;
SQL
    # Each listener is a psql reading its statements from a pipe this
    # shell holds open: idle once it has run LISTEN, gone when the pipe is
    # closed.
    fifos=$(mktemp -d /tmp/ct-bench-listeners.XXXXXX)
    for i in 3 4 5; do
        mkfifo "$fifos/$i"
        "$PGBIN/psql" -X -q "$CT_TEST_DB" < "$fifos/$i" >/dev/null 2>&1 &
        listeners+=($!)
        eval "exec $i>\"\$fifos/\$i\""
        echo "LISTEN ct_bench_idle;" >&"$i"
    done
    for i in $(seq 100); do
        [ "$("$PGBIN/psql" -X -A -t -c "SELECT count(*) FROM pg_stat_activity
              WHERE query LIKE 'LISTEN ct_bench_idle%' AND state = 'idle'" "$CT_TEST_DB")" = 3 ] && break
        sleep 0.1
    done
    tps -f "$script"
    exec 3>&- 4>&- 5>&-
    wait "${listeners[@]}"
    rm -rf "$fifos"
    rm -f "$script"
}

"$pgbench" -i -q -s 10 "$CT_TEST_DB" >/dev/null 2>&1
select_tps=$(tps -S)
update_tps=$(tps -N)
notified_tps=$(notify_tps)
echo "pgbench, scale 10, -M prepared, $threads clients on $threads threads:"
echo "  -S (select-only)    $select_tps tps"
echo "  -N (simple-update)  $update_tps tps"
echo "  -N, each transaction also NOTIFYing, 3 idle connections LISTENing:" \
     "$notified_tps tps ($(awk -v a="$notified_tps" -v b="$update_tps" 'BEGIN { printf "%.2f", a / b }') of -N;" \
     "a reference for the writes, which are compared with -N)"
echo

rates=$(mktemp /tmp/ct-bench-rates.XXXXXX)
echo "== $small claims (bench_data: schema bench_small, filled by COPY)"
"$build/bench_data" "$build/claimtrack.so" "$CT_TEST_DB" bench_small "$small"
BENCH_SCHEMA=bench_small BENCH_RATES_OUT=$rates "$build/bench" "$build/claimtrack.so" \
    "$CT_TEST_DB" "$seconds" $threads "$select_tps" "$update_tps"
echo
if [ "$claims" -gt 0 ]; then
    echo "== $claims claims (bench_data: schema bench_large, the same generator)"
    "$build/bench_data" "$build/claimtrack.so" "$CT_TEST_DB" bench_large "$claims"
    BENCH_SCHEMA=bench_large BENCH_RATES_IN=$rates "$build/bench" "$build/claimtrack.so" \
        "$CT_TEST_DB" "$seconds" $threads "$select_tps" "$update_tps"
    [ -n "${BENCH_EXPLAIN:-}" ] && BUILD=$build "$here/bench-explain.sh" bench_large
    echo
fi
rm -f "$rates"
"$build/bench_anchor" "$build/claimtrack.so" "$CT_TEST_DB" | tee /tmp/ct-bench.$$
awk -v s="$select_tps" '
    /^anchor algorithm/ { printf "  anchor algorithm = the time of %.0f pgbench select-only transactions\n", $3 / 1000 * s }
    /^anchor route/     { printf "  anchor route     = the time of %.0f pgbench select-only transactions\n", $3 / 1000 * s }' /tmp/ct-bench.$$
rm -f /tmp/ct-bench.$$
echo
"$build/bench_webhooks" "$build/claimtrack.so" "$CT_TEST_DB"
