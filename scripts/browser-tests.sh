#!/usr/bin/env bash
# browser-tests.sh BUILD -- the reference host of BUILD (make check uses
# the AddressSanitizer + UBSan build, so the host and the plugin are
# checked while people click) in Debian's chromium, driven by
# playwright-core (tests/browser/run.mjs). Runs inside scripts/pgtest.sh:
# loads the seed story into CT_TEST_DB, starts the host on a free port,
# runs the scenarios (screenshots in build/screenshots/), stops the host.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ ! -x /usr/bin/chromium ]; then
    echo "browser-tests: /usr/bin/chromium is missing (CT_WITH_BROWSER=1 scripts/deps.sh installs it)" >&2
    exit 1
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
    # playwright-core never downloads a browser; the tests use /usr/bin/chromium.
    (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

export CLAIMTRACK_DATABASE="$CT_TEST_DB"
export CLAIMTRACK_PLUGIN="$root/$build/claimtrack.so"
export CLAIMTRACK_SECRETS_KEY=$(openssl rand -base64 32)
"$build/claimtrack" --as editor:seed seed data/seed/caracas.json >/dev/null

port=$(( 20000 + RANDOM % 20000 ))
log=$(mktemp /tmp/claimtrack-host.XXXXXX)
PORT=$port "$build/claimtrack-host" >"$log" 2>&1 &
host_pid=$!
trap 'kill $host_pid 2>/dev/null || true; wait $host_pid 2>/dev/null || true; rm -f "$log"' EXIT
# The host must also stop cleanly: under the sanitizers a leak or an error
# at shutdown makes its exit status non-zero.
stop_host() {
    kill -TERM $host_pid
    local status=0
    wait $host_pid || status=$?
    if [ $status -ne 0 ]; then
        echo "browser-tests: the host exited with status $status" >&2
        tail -n 60 "$log" >&2
        return 1
    fi
}
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/host/session" >/dev/null 2>&1 && break
    kill -0 $host_pid 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done

mkdir -p build/screenshots
start=$(date +%s)
if ! BASE_URL="http://127.0.0.1:$port" SCREENSHOTS="$root/build/screenshots" \
    node tests/browser/run.mjs; then
    echo "browser-tests: the host's log ends with:" >&2
    tail -n 40 "$log" >&2
    exit 1
fi
stop_host
echo "browser-tests: passed in $(( $(date +%s) - start )) s; screenshots in build/screenshots/"
