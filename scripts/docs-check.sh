#!/usr/bin/env bash
# docs-check.sh -- check that docs/ keeps up with the sources.
#
# Fails (exit 1) and says what is missing when
#   - a route of the table ct_routes[] in src/door/routes.c has no page in
#     docs/routes/ (named: the method in lower case, then the pattern with
#     {id} written id and every / written -: POST /claims/{id}/review is
#     docs/routes/post-claims-id-review.md), or its page does not start with
#     the heading "# METHOD /pattern";
#   - docs/routes/ holds a page for no route;
#   - docs/README.md does not link a route page, envelope.md, errors.md or
#     config.md;
#   - an error code used in a ct_fail(...) call in src/ (or plugin/) is not
#     in docs/errors.md as `code`.
# Routes and codes are read from the sources with grep, sed and awk, so a
# new route or code is caught the day it is added. The last line is
# "docs: N passed, M failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "docs: $*"; }

# ---- the routes of ct_routes[] ------------------------------------------------

# One "METHOD /pattern" per line, in the order of the table.
routes=$(awk '
    /^const ct_route ct_routes\[\][[:space:]]*=[[:space:]]*\{/ { inside = 1; next }
    inside && /^\};/ { inside = 0 }
    inside { print }
' src/door/routes.c |
    grep -o '^[[:space:]]*{[[:space:]]*"[A-Z]*",[[:space:]]*"[^"]*"' |
    sed 's/^[[:space:]]*{[[:space:]]*"\([A-Z]*\)",[[:space:]]*"\([^"]*\)"$/\1 \2/')

if [ -z "$routes" ]; then
    fail "no route found in ct_routes[] of src/door/routes.c: has the table moved?"
fi

# The page of "METHOD /pattern".
page_of() {
    local method=$1 pattern=$2
    pattern=${pattern#/}
    pattern=${pattern//\{id\}/id}
    pattern=${pattern//\//-}
    printf 'docs/routes/%s-%s.md\n' "$(printf '%s' "$method" | tr '[:upper:]' '[:lower:]')" "$pattern"
}

declare -A expected=()
while read -r method pattern; do
    [ -n "$method" ] || continue
    page=$(page_of "$method" "$pattern")
    expected[$page]=1
    if [ ! -f "$page" ]; then
        fail "route $method $pattern has no page: $page is missing"
        continue
    fi
    pass
    if [ "$(head -n 1 "$page")" = "# $method $pattern" ]; then
        pass
    else
        fail "$page does not start with the heading \"# $method $pattern\""
    fi
    if grep -q "(routes/${page#docs/routes/})" docs/README.md 2>/dev/null; then
        pass
    else
        fail "docs/README.md does not link $page"
    fi
done <<< "$routes"

# ---- pages without a route ----------------------------------------------------

for page in docs/routes/*; do
    [ -e "$page" ] || continue
    if [ -n "${expected[$page]:-}" ]; then
        pass
    else
        fail "$page documents no route of ct_routes[] in src/door/routes.c"
    fi
done

# ---- the other pages ----------------------------------------------------------

for page in envelope.md errors.md config.md; do
    if [ ! -f "docs/$page" ]; then
        fail "docs/$page is missing"
    elif ! grep -q "($page)" docs/README.md 2>/dev/null; then
        fail "docs/README.md does not link $page"
    else
        pass
    fi
done

# ---- the error codes of ct_fail(...) --------------------------------------------

# The third argument of every ct_fail( call, when it is a string literal: the
# calls span several lines, so each file is read whole, comments and the
# contents of other string literals are skipped, and the arguments are split
# at the commas outside parentheses.
codes=$(awk '
    FNR == 1 && NR > 1 { scan(text); text = "" }
    { text = text $0 "\n" }
    END { scan(text) }

    function scan(s,    n, i, c, at, depth, arg, args, lit, quote) {
        n = length(s)
        i = 1
        while (i <= n) {
            c = substr(s, i, 1)
            if (substr(s, i, 2) == "/*") {                 # a comment
                at = index(substr(s, i + 2), "*/")
                i = at ? i + 2 + at + 1 : n + 1
                continue
            }
            if (substr(s, i, 2) == "//") {                 # a line comment
                at = index(substr(s, i), "\n")
                i = at ? i + at : n + 1
                continue
            }
            if (c == "\"" || c == "\047") {                  # a literal elsewhere
                i = skip_literal(s, i, c)
                continue
            }
            if (substr(s, i, 8) == "ct_fail(" && (i == 1 || substr(s, i - 1, 1) !~ /[A-Za-z0-9_]/)) {
                i += 8
                depth = 0; args = 1; arg = ""
                while (i <= n) {
                    c = substr(s, i, 1)
                    if (c == "\"" || c == "\047") {
                        at = skip_literal(s, i, c)
                        if (args == 3)
                            arg = arg substr(s, i, at - i)
                        i = at
                        continue
                    }
                    if (c == "(") depth++
                    if (c == ")") { if (depth == 0) break; depth-- }
                    if (c == "," && depth == 0) {
                        if (args == 3) break
                        args++
                        i++
                        continue
                    }
                    if (args == 3) arg = arg c
                    i++
                }
                gsub(/^[ \t\n]+|[ \t\n]+$/, "", arg)
                if (arg ~ /^"[a-z0-9_]+"$/)
                    print substr(arg, 2, length(arg) - 2)
                continue
            }
            i++
        }
    }

    # The index just past the literal opened by quote q at s[i].
    function skip_literal(s, i, q,    n, c) {
        n = length(s)
        for (i++; i <= n; i++) {
            c = substr(s, i, 1)
            if (c == "\\") { i++; continue }
            if (c == q) return i + 1
        }
        return n + 1
    }
' src/*/*.c plugin/*.c | sort -u)

if [ -z "$codes" ]; then
    fail "no error code found in the ct_fail(...) calls of src/: has ct_fail been renamed?"
fi
for code in $codes; do
    if grep -q "\`$code\`" docs/errors.md 2>/dev/null; then
        pass
    else
        fail "error code $code (used in a ct_fail(...) call in src/) is missing from docs/errors.md"
    fi
done

echo "docs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
