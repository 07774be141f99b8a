#!/usr/bin/env bash
# php-shim.sh BUILD -- the WordPress plugin's process model, from PHP's FFI
# (tests/php/shim.php) against the cluster of scripts/pgtest.sh: one
# instance per PHP worker, kept across requests by BUILD/ct_wp.so; and the
# plugin's text and highlighting (tests/php/text.php). Each ends with a line
# "php-<name>: N passed, M failed".
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! command -v php >/dev/null 2>&1; then
    echo "php-shim: php is missing (CT_WITH_BROWSER=1 scripts/deps.sh installs php8.2-cli)" >&2
    exit 1
fi
# The plugin's text and highlighting (includes/text.php): PHP's DOM and mbstring.
php tests/php/text.php
header="$root/$build/wordpress/claimtrack/lib/ct_wp.ffi.h"
[ -f "$header" ] || { echo "php-shim: $header is missing (make wordpress-plugin)" >&2; exit 1; }

# The plugin's bin/php-ini.sh: PHP, started with the lines it writes, has
# the preloaded FFI scope and class, and still starts once WordPress has
# removed the plugin's folder (an update or a deletion does that first).
ini_passed=0 ini_failed=0
ini_check() {   # ini_check WHAT EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ini_passed=$((ini_passed + 1))
    else ini_failed=$((ini_failed + 1)); echo "FAIL $1: expected [$2], got [$3]"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -R "$root/$build/wordpress/claimtrack" "$tmp/plugin"
mkdir "$tmp/conf.d"
"$tmp/plugin/bin/php-ini.sh" --user "$(id -un)" --lib "$tmp/lib" "$tmp/conf.d" >/dev/null
preloaded() {
    PHP_INI_SCAN_DIR=":$tmp/conf.d" php -d opcache.enable_cli=1 -r \
        'echo class_exists("ClaimtrackNative", false) ? "class" : "no class", " ",
              FFI::scope("claimtrack")->ct_wp_plugin() === null ? "scope" : "?";' 2>&1
}
ini_check 'PHP started with the lines of php-ini.sh' 'class scope' "$(preloaded)"
mv "$tmp/plugin" "$tmp/removed"
ini_check 'PHP starts with the plugin folder removed' 'class scope' "$(preloaded)"
mv "$tmp/removed" "$tmp/plugin"
ini_check 'the ini names the copies, nothing in the plugin folder' '0' \
    "$(grep -c "^[a-z.]*preload=$tmp/plugin" "$tmp/conf.d/30-claimtrack.ini" || true)"
ini_check 'running php-ini.sh again replaces the copies' 'class scope' \
    "$("$tmp/plugin/bin/php-ini.sh" --user "$(id -un)" --lib "$tmp/lib" "$tmp/conf.d" >/dev/null && preloaded)"
echo "php-ini: $ini_passed passed, $ini_failed failed"
[ "$ini_failed" -eq 0 ]

# FFI in the command line: Debian's default ffi.enable=preload allows it there.
exec php -d ffi.enable=1 tests/php/shim.php "$root/$build/ct_wp.so" "$root/$build/claimtrack.so" "$header"
