#!/usr/bin/env bash
# install-check.sh BUILD -- `make install` into a staging DESTDIR honours
# PREFIX and installs the plugin, the headers and claimtrack.pc, a program
# can be compiled against the installed headers via pkg-config, and the
# installed loader (loader.h) loads the installed plugin.
set -euo pipefail
build=${1:-build}
stage=$(mktemp -d /tmp/claimtrack-install.XXXXXX)
trap 'rm -rf "$stage"' EXIT

make --no-print-directory -s install BUILD="$build" PREFIX=/opt/ct DESTDIR="$stage" >/dev/null
for f in lib/claimtrack/claimtrack.so include/claimtrack/plugin.h include/claimtrack/loader.h lib/pkgconfig/claimtrack.pc \
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
# The installed loader loads the installed plugin.
cat >"$stage/t2.c" <<'C'
#include <stdio.h>
#include <claimtrack/loader.h>
int main(int argc, char **argv)
{
    ct_loaded loaded = {0};
    char why[256];
    const ct_plugin_v1 *api = ct_loader_open(argv[1], 0, &loaded, why, sizeof why);
    if (api == NULL) {
        fprintf(stderr, "%s\n", why);
        return 1;
    }
    ct_loader_close(&loaded);
    return argc == 2 ? 0 : 1;
}
C
cc $cflags -o "$stage/t2" "$stage/t2.c" -ldl
"$stage/t2" "$stage/opt/ct/lib/claimtrack/claimtrack.so"
echo "install-check: ok (plugin, headers and claimtrack.pc under PREFIX=/opt/ct; the installed loader loads the installed plugin)"
