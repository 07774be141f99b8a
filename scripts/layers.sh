#!/usr/bin/env bash
# layers.sh [BUILD] -- `make layers`: checks the real dependency graph of
# the library against src/layers.txt.
#
# Edges come from two places: every #include "layer/file.h" (and
# "claimtrack/*.h", the abi layer) in src/ and plugin/, and every symbol an
# object file of BUILD/obj uses that another object file defines (nm). An
# edge from a layer to one its line in src/layers.txt does not name fails,
# as does any cycle between modules (foo.c + foo.h), found by tsort. The
# last line is "layers: N edges checked, M refused".
#
# layers.sh --self-test BUILD proves the check can fail: it adds an edge
# from the store up to the door, then a loop between two domain modules,
# then (in a copy of the tree) an include of the door by the store in angle
# brackets and an include path that climbs, and expects each to be refused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${1:-}" = "--self-test" ]; then
    build=${2:-build}
    up=$(CT_LAYERS_EXTRA_EDGE="store/store door/api" "$0" "$build" 2>&1 || true)
    loop=$(CT_LAYERS_EXTRA_EDGE="domain/claims domain/review
domain/review domain/claims" "$0" "$build" 2>&1 || true)
    if ! grep -q '^layers: store/store -> door/api: store may not use door$' <<<"$up"; then
        echo "layers self-test: an edge from the store up to the door was not refused"
        exit 1
    fi
    if ! grep -q '^layers: a cycle between modules' <<<"$loop"; then
        echo "layers self-test: a loop between domain/claims and domain/review was not refused"
        exit 1
    fi
    # the include scanner itself: <door/api.h> in a copy of store.h, and a
    # path that climbs, must be refused
    copy=$(mktemp -d)
    cp -r src plugin "$copy"/
    echo '#include <door/api.h>' >>"$copy/src/store/store.h"
    angle=$(CT_LAYERS_TREE="$copy" "$0" "$build" 2>&1 || true)
    cp src/store/store.h "$copy/src/store/store.h"
    echo '#include "store/../door/api.h"' >>"$copy/src/store/store.h"
    climb=$(CT_LAYERS_TREE="$copy" "$0" "$build" 2>&1 || true)
    rm -rf "$copy"
    if ! grep -q '^layers: store/store -> door/api: store may not use door$' <<<"$angle"; then
        echo "layers self-test: #include <door/api.h> in the store was not refused"
        exit 1
    fi
    if ! grep -q 'a path that climbs out of its folder' <<<"$climb"; then
        echo "layers self-test: an include that climbs (..) was not refused"
        exit 1
    fi
    echo "layers self-test: an upward edge, an upward include, a climbing path and a cycle are refused"
    exit 0
fi
build=${1:-build}
rules=src/layers.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# module of a path: src/door/api.c -> door/api, plugin/plugin.c -> plugin/plugin,
# include/claimtrack/plugin.h -> abi/plugin
module_of() {
    sed -E 's#^(\./)?##; s#^src/##; s#^gen/##; s#^include/claimtrack/#abi/#; s#\.(c|h|o)$##'
}

# 1. include edges: "from-module to-module", from every source and header
# under src/ and plugin/ (of CT_LAYERS_TREE, the checkout by default), in
# quotes or angle brackets. A path that climbs (..) is refused, as is a
# quoted include without its folder; <...> of a file not in src/ is a
# library's.
tree=${CT_LAYERS_TREE:-.}
(cd "$tree" && find src plugin -name '*.[ch]' | sort) | while read -r f; do
    from=$(echo "$f" | module_of)
    sed -nE 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*([<"])([^">]+)[">].*/\1\2/p' "$tree/$f" |
    while read -r inc; do
        quote=${inc:0:1}
        inc=${inc:1}
        case "$inc" in
            *..*)         echo "$from !$inc" ;;   # climbs out of its folder
            claimtrack/*) echo "$from abi/$(basename "$inc" .h)" ;;
            */*)          if [ "$quote" = '"' ] || [ -e "$tree/src/$inc" ]; then
                              echo "$from ${inc%.h}"
                          fi ;;
            *)            # in src/, a header names its layer's folder; under plugin/,
                          # a file may include one beside it
                          if [ "$quote" = '"' ] && [ "${f#src/}" != "$f" ]; then
                              echo "$from ?$inc"
                          fi ;;
        esac
    done
done >"$tmp/edges"

# 2. symbol edges, from the objects of the build
objs=""
for c in src/*/*.c plugin/*.c; do
    o=$build/obj/${c%.c}.o
    if [ ! -f "$o" ] || [ "$o" -ot "$c" ]; then
        echo "layers: $o is missing or older than $c: run make first" >&2
        exit 1
    fi
    objs="$objs $o"
done
# generated sources of a layer (build/gen/<layer>/...): the vocabulary
for o in "$build"/obj/gen/*/*.o; do
    [ -f "$o" ] && objs="$objs $o"
done
for o in $objs; do
    mod=$(echo "${o#"$build"/obj/}" | module_of)
    nm --defined-only -g "$o" | awk -v m="$mod" 'NF == 3 { print $3, m }'
done | sort -u >"$tmp/defines"
for o in $objs; do
    mod=$(echo "${o#"$build"/obj/}" | module_of)
    nm -u "$o" | awk -v m="$mod" '{ print $NF, m }'
done | sort -u >"$tmp/uses"
join "$tmp/uses" "$tmp/defines" | awk '$2 != $3 { print $2, $3 }' >>"$tmp/edges"
# (the self-test's extra edges, "from to" per line)
[ -n "${CT_LAYERS_EXTRA_EDGE:-}" ] && printf '%s\n' "$CT_LAYERS_EXTRA_EDGE" >>"$tmp/edges"
sort -u "$tmp/edges" -o "$tmp/edges"

# 3. every edge against the rules
awk '
    FNR == NR {
        if ($0 ~ /^[[:space:]]*(#|$)/) next
        layer[$1] = 1
        for (i = 2; i <= NF; i++) may[$1, $i] = 1
        next
    }
    {
        split($1, a, "/"); split($2, b, "/")
        checked++
        if (substr($2, 1, 1) == "?") {
            printf "layers: %s includes \"%s\" without its folder\n", $1, substr($2, 2)
            refused++; next
        }
        if (substr($2, 1, 1) == "!") {
            printf "layers: %s includes \"%s\", a path that climbs out of its folder\n", $1, substr($2, 2)
            refused++; next
        }
        if (!(a[1] in layer) || !(b[1] in layer)) {
            printf "layers: %s -> %s: a folder src/layers.txt does not know\n", $1, $2
            refused++; next
        }
        if (a[1] != b[1] && !((a[1], b[1]) in may)) {
            printf "layers: %s -> %s: %s may not use %s\n", $1, $2, a[1], b[1]
            refused++
        }
    }
    END { printf "%d %d\n", checked, refused > "/dev/stderr" }
' "$rules" "$tmp/edges" 2>"$tmp/counts" || true
read -r checked refused <"$tmp/counts"

# 4. cycles between modules
if ! tsort "$tmp/edges" >/dev/null 2>"$tmp/tsort"; then
    echo "layers: a cycle between modules (each loop tsort found, one module per line):"
    sed -E 's/^tsort: .*input contains a loop:$/  --/; s/^tsort: /  /' "$tmp/tsort"
    refused=$((refused + 1))
fi

echo "layers: $checked edges checked, $refused refused"
[ "$refused" -eq 0 ]
