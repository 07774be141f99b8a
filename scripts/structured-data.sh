#!/usr/bin/env bash
# structured-data.sh BUILD -- claimtrack's ClaimReview markup through a
# common validator (tests/structured-data/validate.mjs, on the npm package
# structured-data-testing-tool with its ClaimReview rules). Runs inside
# scripts/pgtest.sh: loads the seed story into CT_TEST_DB with the
# command-line host, takes the article's notices as JSON-LD in ru, kk and
# en and the DataFeed of GET /feeds/claimreview exactly as a host would
# get them, and requires zero failures (the validator's last line is
# "structured data: N passed, M failed").
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "structured-data: node and npm are missing (CT_WITH_BROWSER=1 scripts/deps.sh installs them)" >&2
    exit 1
fi
installed=tests/structured-data/node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ tests/structured-data/package-lock.json -nt "$installed" ]; then
    (cd tests/structured-data && npm ci --no-audit --no-fund --loglevel=error)
fi

export CLAIMTRACK_PLUGIN="$root/$build/claimtrack.so"
config=$(printf '{"database":"%s","time_zone":"Asia/Almaty","outbound":{"workers":false},"publisher":{"name":"Factcheck.kz","url":"https://factcheck.kz","claim_url":"https://factcheck.kz/claims/{id}","article_url":"https://qazaq24.com/{id}"}}' "$CT_TEST_DB")
cli() { "$build/claimtrack" --config "$config" "$@"; }
cli --as editor:seed seed data/seed/caracas.json >/dev/null

out=$(mktemp -d /tmp/claimtrack-jsonld.XXXXXX)
trap 'rm -rf "$out"' EXIT
# The body of a response as the host gets it: the envelope's string.
body() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const e=JSON.parse(s);if(e.status!==200){console.error(s);process.exit(1)}process.stdout.write(e.body)})'; }
for lang in ru kk en; do
    cli request GET /articles/qazaq24-2025-12-22-kasymbek/notices '' \
        "{\"format\":\"jsonld\",\"lang\":\"$lang\"}" | body >"$out/notices-$lang.jsonld"
done
cli request GET /feeds/claimreview | body >"$out/feed.jsonld"

node tests/structured-data/validate.mjs notices-ru="$out/notices-ru.jsonld" \
    notices-kk="$out/notices-kk.jsonld" notices-en="$out/notices-en.jsonld" feed="$out/feed.jsonld"
