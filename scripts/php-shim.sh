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
# FFI in the command line: Debian's default ffi.enable=preload allows it there.
header="$root/$build/wordpress/claimtrack/lib/ct_wp.ffi.h"
[ -f "$header" ] || { echo "php-shim: $header is missing (make wordpress-plugin)" >&2; exit 1; }
exec php -d ffi.enable=1 tests/php/shim.php "$root/$build/ct_wp.so" "$root/$build/claimtrack.so" "$header"
