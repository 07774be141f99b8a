#!/usr/bin/env bash
# pgtest.sh COMMAND... -- run COMMAND with a throwaway PostgreSQL cluster.
#
# The cluster lives in a fresh directory under /tmp, runs with fsync off,
# and is stopped and removed when COMMAND ends, fails, or the run is
# interrupted. COMMAND sees its conninfo in CT_TEST_DB.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg.sh"

dir=$(mktemp -d /tmp/claimtrack-test.XXXXXX)
cleanup() {
    # a test's standbys (scripts/standby.sh) live inside: stopped first
    for standby in "$dir"/standby*/; do
        [ -d "$standby/data" ] && pg_stop "$standby"
    done
    pg_stop "$dir"
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

pg_init "$dir"
pg_start "$dir" -c fsync=off -c synchronous_commit=off -c full_page_writes=off
export CT_TEST_DB="host=$dir port=5432 dbname=postgres user=postgres"
"$@"
