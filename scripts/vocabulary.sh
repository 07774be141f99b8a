#!/usr/bin/env bash
# vocabulary.sh [--write] -- the tables of src/vocabulary.txt in README.md
# and docs/errors.md, and the words the code writes.
#
# Each table sits between "<!-- vocabulary:NAME -->" and
# "<!-- /vocabulary:NAME -->" (each named below, once) and is produced by tools/vocabulary.awk
# (out=md, table=NAME). Without --write the files are compared with what
# the vocabulary gives and the run fails on any difference (make check);
# with --write they are rewritten (make vocabulary). Also fails when an
# event type of the vocabulary is never written by src/ (a word the schema
# allows but nothing does), or a ct_fail(...) code in src/ or plugin/ is
# not in the vocabulary. The last line is "vocabulary: N passed, M failed".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# --self-test: in a copy of the tree, a README cell changed by hand and a
# marker spoiled by a trailing space must each fail the check.
if [ "${1:-}" = "--self-test" ]; then
    copy=$(mktemp -d)
    trap 'rm -rf "$copy"' EXIT
    cp -r README.md docs src tools scripts plugin "$copy"/
    sed -i 's/| `rebutted` | yes | Refuted/| `rebutted` | yes | Rebutted/' "$copy/README.md"
    if (cd "$copy" && bash scripts/vocabulary.sh >/dev/null); then
        echo "vocabulary self-test: a README table changed by hand was not noticed"
        exit 1
    fi
    cp README.md "$copy/README.md"
    sed -i 's/^<!-- vocabulary:kinds -->$/<!-- vocabulary:kinds --> /' "$copy/README.md"
    if (cd "$copy" && bash scripts/vocabulary.sh >/dev/null); then
        echo "vocabulary self-test: a spoiled marker was not noticed"
        exit 1
    fi
    echo "vocabulary self-test: a changed table and a spoiled marker are refused"
    exit 0
fi
write=0
[ "${1:-}" = "--write" ] && write=1
passed=0
failed=0
fail() { echo "vocabulary: $*"; failed=$((failed + 1)); }
ok() { passed=$((passed + 1)); }

table() {
    awk -F'\t' -v out=md -v table="$1" -f tools/vocabulary.awk src/vocabulary.txt
}

# Replace (or compare) every marked table of one file.
sync_file() {
    local file=$1 names=$2 name tmp
    for name in $names; do
        if [ "$(grep -cx "<!-- vocabulary:$name -->" "$file")" != 1 ] ||
           [ "$(grep -cx "<!-- /vocabulary:$name -->" "$file")" != 1 ]; then
            fail "$file must hold the table $name once, between <!-- vocabulary:$name --> and <!-- /vocabulary:$name -->"
            return
        fi
    done
    tmp=$(mktemp)
    cp "$file" "$tmp"
    for name in $names; do
        table "$name" >"$tmp.table"
        awk -v name="$name" -v tablefile="$tmp.table" '
            $0 == "<!-- vocabulary:" name " -->" {
                print; while ((getline line < tablefile) > 0) print line; skip = 1; next
            }
            $0 == "<!-- /vocabulary:" name " -->" { skip = 0 }
            !skip { print }
        ' "$tmp" >"$tmp.new"
        mv "$tmp.new" "$tmp"
    done
    if cmp -s "$file" "$tmp"; then
        ok
    elif [ $write -eq 1 ]; then
        cp "$tmp" "$file"
        echo "vocabulary: rewrote the tables of $file"
        ok
    else
        fail "$file's tables differ from src/vocabulary.txt (make vocabulary rewrites them):"
        diff -u "$file" "$tmp" | sed 's/^/    /' | head -40 || true
    fi
    rm -f "$tmp" "$tmp.table"
}

# Every table each file must hold.
sync_file README.md "roles statuscodes kinds ratings statuses events"
sync_file docs/errors.md "errors"

# Every event type is written somewhere in src/ (as 'type' in SQL or "type" in C).
for event in $(awk -F'\t' '$1 == "event" { print $2 }' src/vocabulary.txt); do
    if grep -rqE "['\"]$event['\"]" src --include='*.c' --include='*.h'; then
        ok
    else
        fail "event type $event is in the vocabulary but src/ never writes it"
    fi
done

# Every error code the code fails with is in the vocabulary.
codes=$(grep -ohE 'ct_fail\([^,]+, *CT_E[A-Z]+, *"[a-z_0-9]+"' src/*/*.c plugin/*.c |
        sed -E 's/.*"([a-z_0-9]+)"$/\1/' | sort -u)
for code in $codes; do
    if awk -F'\t' -v c="$code" '$1 == "error" && $2 == c { found = 1 } END { exit !found }' \
           src/vocabulary.txt; then
        ok
    else
        fail "error code $code (a ct_fail in src/) is not in src/vocabulary.txt"
    fi
done

echo "vocabulary: $passed passed, $failed failed"
[ $failed -eq 0 ]
