#!/usr/bin/env bash
# wordpress-tests.sh BUILD -- the WordPress plugin in a real WordPress, in a
# real browser: a throwaway site (scripts/wordpress.sh start: MariaDB,
# PostgreSQL, php-fpm, Apache on a free port, the seed story loaded; cron
# only when a scenario asks wp-cron.php, never in the background) driven
# by Debian's chromium through playwright-core (tests/browser/wordpress.mjs).
# Screenshots go to build/screenshots/wp-*.png. Then the seed post's
# ClaimReview JSON-LD goes through structured-data-testing-tool's ClaimReview
# rules (tests/structured-data), and PHP's error log must hold no error,
# warning or notice from the plugin. The site is stopped
# and removed at the end, also on failure or Ctrl-C.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ ! -x /usr/bin/chromium ]; then
    echo "wordpress-tests: /usr/bin/chromium is missing (CT_WITH_BROWSER=1 scripts/deps.sh installs it)" >&2
    exit 1
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
    (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
make --no-print-directory BUILD="$build" wordpress-plugin >/dev/null

dir=$(mktemp -d /tmp/claimtrack-wp.XXXXXX)
port=$(( 20000 + RANDOM % 20000 ))
cleanup() {
    "$root/scripts/wordpress.sh" stop "$dir" || true
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

start=$(date +%s)
WP_CRON=off "$root/scripts/wordpress.sh" start "$build" "$dir" "$port"
echo "wordpress-tests: site up in $(( $(date +%s) - start )) s on 127.0.0.1:$port"

mkdir -p build/screenshots
status=0
BASE_URL="http://127.0.0.1:$port" SEED_URL="$(sed -n 2p "$dir/run/install.out" | tr -d ' ')" \
    CT_WP_DB="host=$dir/pg dbname=postgres user=postgres" SCREENSHOTS="$root/build/screenshots" \
    node tests/browser/wordpress.mjs || status=$?

# The seed post's ClaimReview JSON-LD, as WordPress serves it in the page's
# head, through the same validator as the plugin's own markup.
if [ $status -eq 0 ]; then
    [ -d tests/structured-data/node_modules/structured-data-testing-tool ] || \
        (cd tests/structured-data && npm ci --no-audit --no-fund --loglevel=error)
    jsonld="$dir/seed-post.jsonld"
    curl -sf "$(sed -n 2p "$dir/run/install.out" | tr -d ' ')" | node -e '
        let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
          const m = s.match(/<script type="application\/ld\+json" class="claimtrack-claimreview">([\s\S]*?)<\/script>/);
          if (!m) { console.error("wordpress-tests: no ClaimReview JSON-LD in the seed post"); process.exit(1); }
          process.stdout.write(m[1]);
        });' > "$jsonld" && node tests/structured-data/validate.mjs wordpress-seed-post="$jsonld" || status=$?
fi

# PHP's log: WordPress 6.1 itself logs PHP 8.2 deprecations; nothing may come from the plugin.
if grep -E 'PHP (Fatal|Parse|Warning|Notice|Deprecated).*plugins/claimtrack' "$dir/run/php-error.log" 2>/dev/null; then
    echo "wordpress-tests: the plugin wrote to PHP's error log (above)" >&2
    status=1
fi
if [ $status -ne 0 ]; then
    echo "wordpress-tests: the logs end with:" >&2
    tail -n 20 "$dir/run/php-error.log" "$dir/run/claimtrack.log" "$dir/run/apache-error.log" >&2 2>/dev/null || true
    exit $status
fi
echo "wordpress-tests: passed in $(( $(date +%s) - start )) s; screenshots in build/screenshots/wp-*.png"
