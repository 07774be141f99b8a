#!/usr/bin/env bash
# wordpress-bench.sh BUILD [VIEWS] [REQUESTS] -- the WordPress plugin's process
# model, measured on a throwaway local site (scripts/wordpress.sh start; php-fpm
# with 2 static workers behind Apache):
#
#   1. VIEWS (1,000) views of the seed post, one at a time: the time each page
#      spent in claimtrack, from the plugin's own count (CLAIMTRACK_TIMING:
#      reader.php's comment at the foot of the page: the notices calls and the
#      highlighting), median and p99, beside the whole page's time as curl
#      saw it;
#   2. PostgreSQL connections held per PHP worker (pg_stat_activity,
#      application_name = wordpress);
#   3. REQUESTS (10,000) page views with ab, 4 at a time: failed requests,
#      php-fpm's worker processes (same pids: no crash, no respawn), each
#      worker's RSS and the connections, before and after.
# Prints the figures; exits non-zero when a worker crashed, RSS grew by more
# than 10 MB in a worker, or connections grew.
set -euo pipefail
build=${1:-build}
views=${2:-1000}
requests=${3:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
make --no-print-directory BUILD="$build" wordpress-plugin >/dev/null
command -v ab >/dev/null || { echo "wordpress-bench: ab (apache2-utils) is missing" >&2; exit 1; }

dir=$(mktemp -d /tmp/claimtrack-wpbench.XXXXXX)
port=$(( 20000 + RANDOM % 20000 ))
trap '"$root/scripts/wordpress.sh" stop "$dir" || true; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM HUP
"$root/scripts/wordpress.sh" start "$build" "$dir" "$port"
url=$(sed -n 2p "$dir/run/install.out" | tr -d ' ')
db="host=$dir/pg dbname=postgres user=postgres"

workers() { pgrep -P "$(cat "$dir/run/php-fpm.main")" | sort -n | tr '\n' ' '; }
rss() { local p out=; for p in $(workers); do out+="$(ps -o rss= -p "$p" | tr -d ' ') "; done; echo "$out"; }
connections() { psql "$db" -Atc "select count(*) from pg_stat_activity where application_name = 'wordpress'"; }

# Warm up: every worker opens its instance (the first claimtrack request of a worker, 20-70 ms).
for _ in $(seq 1 20); do curl -sf -o /dev/null "$url"; done

echo "== $views views of the seed post, one at a time"
samples=$(mktemp)
for _ in $(seq 1 "$views"); do
    curl -sf -w '\n@total %{time_total}\n' "$url" | sed -n 's/^<!-- claimtrack: calls=\([0-9]*\) ms=\([0-9.]*\) .*/\1 \2/p; s/^@total \(.*\)/total \1/p' \
        | paste -sd' ' >> "$samples"
done
awk -v views="$views" '
    { calls[NR] = $1; ms[NR] = $2; total[NR] = $4 * 1000 }
    function pct(a, n, p,   i, j, t, k) {
        for (i = 1; i <= n; i++) s[i] = a[i]
        for (i = 2; i <= n; i++) { t = s[i]; for (j = i - 1; j >= 1 && s[j] > t; j--) s[j + 1] = s[j]; s[j + 1] = t }
        k = int(p * n + 0.999999); if (k < 1) k = 1; return s[k]
    }
    END {
        if (NR != views) { print "wordpress-bench: " NR " of " views " views carried the timing comment"; exit 1 }
        printf "claimtrack per page view (%d calls): median %.3f ms, p99 %.3f ms, max %.3f ms\n", calls[1], pct(ms, NR, 0.5), pct(ms, NR, 0.99), pct(ms, NR, 1)
        printf "whole page (curl):            median %.1f ms, p99 %.1f ms\n", pct(total, NR, 0.5), pct(total, NR, 0.99)
    }' "$samples"
rm -f "$samples"

echo "== connections and workers"
w0=$(workers); r0=$(rss); c0=$(connections)
echo "php-fpm workers: $(echo $w0 | wc -w) (pids $w0), RSS kB: $r0"
echo "PostgreSQL connections of application_name=wordpress: $c0"

echo "== $requests page views, 4 at a time (ab)"
ab -q -n "$requests" -c 4 "$url" > "$dir/ab.out" 2>&1 || { cat "$dir/ab.out"; exit 1; }
grep -E '^(Complete requests|Failed requests|   \(Connect|Non-2xx responses|Requests per second|Time per request)' "$dir/ab.out" | sed 's/^/  /'
w1=$(workers); r1=$(rss); c1=$(connections)
echo "after: workers $(echo $w1 | wc -w) (pids $w1), RSS kB: $r1, connections: $c1"
status=0
[ "$w0" = "$w1" ] || { echo "wordpress-bench: the php-fpm workers changed (a crash or a respawn)"; status=1; }
[ "$c0" = "$c1" ] || { echo "wordpress-bench: connections went from $c0 to $c1"; status=1; }
set -- $r0; for after in $r1; do
    [ $(( after - $1 )) -le 10240 ] || { echo "wordpress-bench: a worker's RSS grew from $1 to $after kB"; status=1; }
    shift
done
# ab counts a page whose length differs from the first one's as failed ("Length"): the timing
# comment's digits vary. Connect, receive and exceptions are real failures, and any non-2xx.
if grep -qE '^Non-2xx responses' "$dir/ab.out" \
    || ! grep -qE '\(Connect: 0, Receive: 0, Length: [0-9]+, Exceptions: 0\)|^Failed requests: +0$' "$dir/ab.out"; then
    echo "wordpress-bench: failed requests"; status=1
fi
if grep -E 'PHP (Fatal|Warning)|signal' "$dir/run/php-error.log" "$dir/run/php-fpm.log" 2>/dev/null | grep -v 'Deprecated'; then
    echo "wordpress-bench: errors in PHP's logs (above)"; status=1
fi
grep -c 'instance opened' "$dir/run/claimtrack.log" | sed 's/^/instances opened in the whole run: /'
exit $status
