#!/usr/bin/env bash
# pg.sh -- shared helpers for the project's PostgreSQL clusters (sourced).
#
# initdb and the server refuse to run as root, so when the caller is root
# they run as the postgres user. Clusters listen on a Unix socket in a
# private directory only, never on TCP.

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# pg_init DIR: a new cluster in DIR/data with sockets in DIR (owned by postgres when root).
pg_init() {
    local dir=$1
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_pg "$PGBIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
}

# pg_start DIR [extra server options]
pg_start() {
    local dir=$1; shift
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -c listen_addresses='' -c max_connections=200 $*" start >/dev/null \
        || { cat "$dir/server.log" >&2; return 1; }
}

pg_stop() {
    local dir=$1
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
}
