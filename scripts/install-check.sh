#!/usr/bin/env bash
# install-check.sh BUILD -- `make install` into a staging DESTDIR honours
# PREFIX and installs the plugin, the header and claimtrack.pc, and a
# program can be compiled against the installed header via pkg-config.
set -euo pipefail
build=${1:-build}
stage=$(mktemp -d /tmp/claimtrack-install.XXXXXX)
trap 'rm -rf "$stage"' EXIT

make --no-print-directory -s install BUILD="$build" PREFIX=/opt/ct DESTDIR="$stage" >/dev/null
for f in lib/claimtrack/claimtrack.so include/claimtrack/plugin.h lib/pkgconfig/claimtrack.pc \
         share/claimtrack/claimtrack.css; do
    [ -f "$stage/opt/ct/$f" ] || { echo "install-check: $f missing" >&2; exit 1; }
done
grep -qx 'prefix=/opt/ct' "$stage/opt/ct/lib/pkgconfig/claimtrack.pc"
cflags=$(PKG_CONFIG_SYSROOT_DIR="$stage" PKG_CONFIG_PATH="$stage/opt/ct/lib/pkgconfig" \
         pkg-config --cflags claimtrack)
printf '#include <claimtrack/plugin.h>\nint main(void){return CLAIMTRACK_ABI_VERSION == 1u ? 0 : 1;}\n' \
    > "$stage/t.c"
cc $cflags -o "$stage/t" "$stage/t.c"
"$stage/t"
echo "install-check: ok (plugin, header and claimtrack.pc under PREFIX=/opt/ct)"
