#!/bin/sh
# php-ini.sh [--user USER] [DIR] -- set PHP up for the plugin, from where it is installed.
#
# Writes lib/ct_wp.preload.h (lib/ct_wp.ffi.h with FFI_SCOPE "claimtrack" and
# FFI_LIB, the absolute path of lib/ct_wp.so, in front) and the php.ini lines
# that load it when PHP starts, keeping Debian's ffi.enable=preload (only the
# preloaded class ClaimtrackNative, native.php, may use FFI):
#
#   ffi.preload=<plugin>/lib/ct_wp.preload.h
#   opcache.preload=<plugin>/native.php
#   opcache.preload_user=www-data
#
# to DIR/30-claimtrack.ini when DIR is given (e.g. /etc/php/8.2/fpm/conf.d),
# else to standard output. Restart php-fpm (or Apache with mod_php) after.
# The preload file is read once per server start: upgrading the plugin needs
# a restart too. USER: the user PHP's workers run as (www-data).
set -eu
user=www-data
if [ "${1:-}" = "--user" ]; then user=$2; shift 2; fi
plugin=$(cd "$(dirname "$0")/.." && pwd)
{
    printf '#define FFI_SCOPE "claimtrack"\n#define FFI_LIB "%s/lib/ct_wp.so"\n' "$plugin"
    cat "$plugin/lib/ct_wp.ffi.h"
} > "$plugin/lib/ct_wp.preload.h"
ini="; claimtrack: the WordPress plugin's FFI, preloaded (plugin $plugin)
ffi.enable=preload
ffi.preload=$plugin/lib/ct_wp.preload.h
opcache.enable=1
opcache.preload=$plugin/native.php
opcache.preload_user=$user"
if [ $# -gt 0 ]; then
    printf '%s\n' "$ini" > "$1/30-claimtrack.ini"
    echo "php-ini: wrote $1/30-claimtrack.ini and $plugin/lib/ct_wp.preload.h"
else
    printf '%s\n' "$ini"
fi
