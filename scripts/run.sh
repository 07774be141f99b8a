#!/usr/bin/env bash
# run.sh BUILD -- `make run`: start the persistent local PostgreSQL under
# ./var (created on first use and kept between runs), load the seed story
# when the database holds no claim, print the article's notices and the
# claim's timeline, then serve the reference host on 127.0.0.1:$PORT (8080)
# until Ctrl-C, which stops the host and the database cleanly.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/pg.sh"
cd "$root"

base="$root/var"
mkdir -p "$base"
# The postgres user must be able to reach the data directory; under a
# private home (/root) it cannot, so the cluster then lives in /var/lib.
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$base"; then
    alt="/var/lib/claimtrack/$(printf '%s' "$root" | md5sum | cut -c1-12)"
    mkdir -p "$alt"
    ln -sfn "$alt" "$base/pg"
    dir="$alt"
else
    dir="$base/pg"
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
    echo "run: creating the local database in $dir"
    pg_init "$dir"
fi
host_pid=
cleanup() {
    [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
    pg_stop "$dir"
    echo "run: stopped the host and the database (kept in $dir)"
}
if ! as_pg "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    pg_start "$dir"
fi
trap cleanup EXIT
trap 'exit 130' INT TERM

export CLAIMTRACK_DATABASE="host=$dir dbname=postgres user=postgres"
export CLAIMTRACK_PLUGIN="$root/$build/claimtrack.so"
# The key that seals webhook subscriptions' secrets: made once, kept with the database.
[ -s "$dir/secrets_key" ] || { (umask 077; openssl rand -base64 32 > "$dir/secrets_key"); }
export CLAIMTRACK_SECRETS_KEY=$(cat "$dir/secrets_key")
cli="$root/$build/claimtrack"
# The desk that signs the ClaimReview markup, and its readers' time zone
# (the same as the reference host's, host/main.c).
config=$(printf '{"database":"%s","time_zone":"Asia/Almaty","publisher":{"name":"Qazaq Newsroom","url":"http://127.0.0.1:%s"}}' \
         "$CLAIMTRACK_DATABASE" "${PORT:-8080}")

"$cli" --config "$config" --as editor:seed seed "$root/data/seed/caracas.json"
"$cli" --config "$config" show qazaq24-2025-12-22-kasymbek
echo
PORT=${PORT:-8080} "$root/$build/claimtrack-host" &
host_pid=$!
wait "$host_pid"
