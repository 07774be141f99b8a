#!/usr/bin/env bash
# standby.sh start PRIMARY_CONNINFO DIR -- a streaming standby of the
#            primary, in DIR/data, on a Unix socket in DIR (port 5432)
# standby.sh stop DIR                   -- stop it and remove DIR
#
# Made with pg_basebackup -R (a base backup that writes its own
# primary_conninfo and standby.signal), started with hot_standby on, and
# ready when its WAL receiver streams. Used by tests/test_replicas.c; put
# DIR inside the primary's directory of scripts/pgtest.sh, whose cleanup
# then stops the standby too.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg.sh"

case "${1:-}" in
start)
    primary=$2 dir=$3
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_pg "$PGBIN/pg_basebackup" -d "$primary" -D "$dir/data" -R -X stream -c fast \
        >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
    pg_start "$dir" -c fsync=off -c hot_standby=on -c hot_standby_feedback=on
    for _ in $(seq 300); do
        state=$(as_pg "$PGBIN/psql" -X -qAt -h "$dir" -p 5432 -U postgres -d postgres \
                -c "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null || true)
        [ "$state" = streaming ] && exit 0
        sleep 0.1
    done
    echo "standby.sh: the standby in $dir never streamed" >&2
    cat "$dir/server.log" >&2
    exit 1
    ;;
stop)
    dir=$2
    pg_stop "$dir"
    rm -rf "$dir"
    ;;
*)
    echo "usage: standby.sh start PRIMARY_CONNINFO DIR | stop DIR" >&2
    exit 2
    ;;
esac
