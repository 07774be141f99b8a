#!/usr/bin/env bash
# durability.sh BUILD -- acknowledged writes survive PostgreSQL crashes.
#
# Starts a throwaway cluster of its own whose default is the lax one
# (synchronous_commit=off, fsync=off), and runs tests/durability/restart.c
# against BUILD/claimtrack.so: 8 writer threads POST /claims, each request
# with its own Idempotency-Key and sent again with it on 503 or db_error,
# while the server is restarted twice with pg_ctl restart -m immediate.
# Fails when an acknowledged write is lost, a write is stored twice, a
# restart did not happen, the plugin does not serve again after one, or
# anything takes longer than its deadline (the whole program: 100 s).
# Prints the writes, retries, the answers during each outage and the time
# from each restart to the first request that succeeded again. The logs
# (server, restarts, the plugin's) are kept in BUILD/durability/.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
. "$here/pg.sh"
start=$(date +%s)

[ -f "$build/claimtrack.so" ] || { echo "durability: $build/claimtrack.so is missing (make all)" >&2; exit 1; }
out=$build/durability
mkdir -p "$out"
cc -std=c11 -O2 -g -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow \
    -Wconversion -Wno-sign-conversion -Wstrict-prototypes -Wmissing-prototypes -Iinclude \
    -Ibuild/vendor/json-c/include $(pkg-config --cflags libpq) -o "$out/restart" \
    tests/durability/restart.c build/vendor/json-c/lib/libjson-c.a $(pkg-config --libs libpq) \
    -lpthread -lm -ldl

dir=$(mktemp -d /tmp/claimtrack-durability.XXXXXX)
cleanup() {
    pg_stop "$dir"
    cp "$dir/server.log" "$out/" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

pg_init "$dir"
pg_start "$dir" -c synchronous_commit=off -c fsync=off

# The restart, as the user that owns the cluster. -l again: pg_ctl restart
# does not remember the log file, and a postmaster without one writes to
# the caller's output and holds it open after the caller ends.
restart=$(printf '%q ' "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m immediate -w -t 30 restart)
if [ "$(id -u)" -eq 0 ]; then
    restart="runuser -u postgres -- $restart"
fi
rm -f "$out"/*.log
status=0
timeout -k 5 120 "$out/restart" "$build/claimtrack.so" \
    "host=$dir port=5432 dbname=postgres user=postgres" "$restart" "$out" || status=$?
[ $status -eq 124 ] && echo "durability: FAILED: killed after 120 s" >&2
echo "durability: the run took $(( $(date +%s) - start )) s (logs in $out/)"
exit $status
