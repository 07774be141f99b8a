#!/bin/sh
# php-ini.sh [--user USER] [--lib LIBDIR] [DIR] -- set PHP up for the plugin, from where it is installed.
#
# PHP reads its preload files when it starts, and refuses to start when one
# of them is missing ("Unable to start FFI module"). A file inside the
# plugin's folder goes away whenever WordPress updates or deletes the plugin
# (it removes the folder first), so nothing PHP loads at start stays there.
# This script copies what PHP preloads out of the folder, into LIBDIR
# (default /usr/local/lib/claimtrack-wordpress):
#
#   LIBDIR/ct_wp.so          the shim (plugin/wordpress/shim), replaced by
#                            rename so that running workers keep theirs
#   LIBDIR/ct_wp.preload.h   lib/ct_wp.ffi.h with FFI_SCOPE "claimtrack" and
#                            FFI_LIB (LIBDIR/ct_wp.so) in front
#   LIBDIR/native.php        the class ClaimtrackNative, the only PHP code
#                            that may use FFI
#
# and writes the php.ini lines that load them, keeping Debian's
# ffi.enable=preload (only the preloaded class may use FFI):
#
#   ffi.preload=LIBDIR/ct_wp.preload.h
#   opcache.preload=LIBDIR/native.php
#   opcache.preload_user=www-data
#
# to DIR/30-claimtrack.ini when DIR is given (e.g. /etc/php/8.2/fpm/conf.d),
# else to standard output. Restart php-fpm (or Apache with mod_php) after.
# claimtrack.so itself stays in the plugin's lib/: the shim loads it at a
# worker's first claimtrack request, never at PHP's start. After upgrading
# the plugin, run this again and restart PHP (the preloaded copies are the
# previous version's until then). USER: the user PHP's workers run as
# (www-data).
set -eu
user=www-data
libdir=/usr/local/lib/claimtrack-wordpress
while [ $# -gt 0 ]; do
    case $1 in
        --user) user=$2; shift 2 ;;
        --lib) libdir=$2; shift 2 ;;
        *) break ;;
    esac
done
plugin=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p -m 755 "$libdir"       # -m: readable by PHP's workers whatever root's umask
libdir=$(cd "$libdir" && pwd)
# LIBDIR goes into a C string (FFI_LIB) and ffi.preload, which takes a list apart by ':'
case $libdir in
    *[\\\":]* | *"
"*) echo "php-ini: $libdir: a folder without '\"', '\\', ':' or a line break, please" >&2; exit 2 ;;
esac

# each file written beside its final name, then renamed over it
put() {
    cat > "$libdir/.$1.new"
    chmod 644 "$libdir/.$1.new"
    mv -f "$libdir/.$1.new" "$libdir/$1"
}
put ct_wp.so < "$plugin/lib/ct_wp.so"
put native.php < "$plugin/native.php"
{
    printf '#define FFI_SCOPE "claimtrack"\n#define FFI_LIB "%s/ct_wp.so"\n' "$libdir"
    cat "$plugin/lib/ct_wp.ffi.h"
} | put ct_wp.preload.h

# opcache.preload runs as USER: PHP would not start if USER could not read them
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1 &&
   ! runuser -u "$user" -- test -r "$libdir/native.php" -a -r "$libdir/ct_wp.preload.h"; then
    echo "php-ini: $user cannot read $libdir/native.php (a folder above it closed to $user?)" >&2
    exit 2
fi

ini="; claimtrack: the WordPress plugin's FFI, preloaded (plugin $plugin, copies in $libdir)
ffi.enable=preload
ffi.preload=$libdir/ct_wp.preload.h
opcache.enable=1
opcache.preload=$libdir/native.php
opcache.preload_user=$user"
if [ $# -gt 0 ]; then
    printf '%s\n' "$ini" > "$1/30-claimtrack.ini"
    echo "php-ini: wrote $1/30-claimtrack.ini and copied the preloaded files to $libdir"
else
    printf '%s\n' "$ini"
fi
