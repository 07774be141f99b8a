#!/usr/bin/env bash
# deps.sh -- install, on Debian 12, the packages the build and the tests need,
# and only those that are missing. Runs apt-get as root (or through sudo).
#
#   scripts/deps.sh           install what is missing
#   scripts/deps.sh --check   install nothing: name what the build lacks and
#                             the command that installs it, and fail (plain
#                             `make` runs this before it compiles anything)
#
# json-c is not among them: the build compiles the release kept in
# third_party/json-c with cmake.
set -euo pipefail

check_only=
[ "${1:-}" = --check ] && check_only=1

want=(gcc make cmake pkg-config libpq-dev libcurl4-openssl-dev check
      libsubunit-dev binutils libmicrohttpd-dev libcrypt-dev curl libutf8proc-dev
      libxml2-dev libidn2-dev libicu-dev)
# The browser tests: Debian's chromium, driven by playwright-core from npm.
[ -n "${CT_WITH_BROWSER:-}" ] && want+=(chromium)
# libFuzzer (make fuzz; make check fuzzes for a minute per target).
[ -n "${CT_WITH_BROWSER:-}" ] && want+=(clang libclang-rt-14-dev)
# PHP with FFI, DOM and mbstring: the WordPress plugin's tests (tests/php).
[ -n "${CT_WITH_BROWSER:-}" ] && want+=(php8.2-cli php8.2-xml php8.2-mbstring)
# jq: the reference host's HTTP checks read its JSON (scripts/host-tests.sh).
[ -n "${CT_WITH_BROWSER:-}" ] && want+=(jq)
command -v node >/dev/null 2>&1 || { [ -n "${CT_WITH_BROWSER:-}" ] && want+=(nodejs npm); }
[ -n "${CT_WITH_VALGRIND:-}" ] && want+=(valgrind)

missing=()
for pkg in "${want[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done
if [ -z "$check_only" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ -n "$check_only" ]; then
    echo "make: the build needs Debian packages that are not installed: ${missing[*]}" >&2
    echo "make: \`make deps\` installs them (apt-get install ${missing[*]}), as root or through sudo" >&2
    exit 1
fi

echo "deps: installing ${missing[*]}"
sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
