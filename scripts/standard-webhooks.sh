#!/usr/bin/env bash
# standard-webhooks.sh BUILD -- claimtrack's real deliveries verified by the
# `standardwebhooks` npm package (tests/webhooks/receiver.mjs), inside
# scripts/pgtest.sh: an admin subscribes a receiver on 127.0.0.1 (a loopback
# destination, so "allow_private": true), the seed story and one more claim
# are recorded through the command-line host, POST /jobs/run delivers, and
# the receiver must have verified every delivery with the library, and the
# library must refuse the first delivery with one character of its body
# changed and the same delivery replayed ten minutes later. The last line is
# "standard-webhooks: ..." with the counts.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ ! -d tests/webhooks/node_modules/standardwebhooks ]; then
    (cd tests/webhooks && npm ci --no-audit --no-fund --loglevel=error)
fi
key=$(openssl rand -base64 32)
config="{\"database\":\"$CT_TEST_DB\",\"secrets_key\":\"$key\",\"outbound\":{\"workers\":false}}"
cli() { "$build/claimtrack" --config "$config" "$@"; }
port=$(( 20000 + RANDOM % 20000 ))

answer=$(cli --as admin:ops request POST /subscriptions \
    "{\"url\":\"http://127.0.0.1:$port/hook\",\"events\":[\"*\"],\"allow_private\":true,\"description\":\"standardwebhooks receiver\"}")
secret=$(printf '%s' "$answer" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);if(r.status!==201){console.error(s);process.exit(1)}console.log(r.body.secret)})')

PORT=$port SECRET=$secret node tests/webhooks/receiver.mjs > /tmp/claimtrack-receiver.$$ 2>&1 &
receiver=$!
trap 'kill $receiver 2>/dev/null || true; wait $receiver 2>/dev/null || true; rm -f /tmp/claimtrack-receiver.$$' EXIT
for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/report" && break
    sleep 0.05
done

cli --as editor:seed seed data/seed/caracas.json >/dev/null
cli --as editor:desk request POST /claims \
    '{"text":"Астана — как Каракас.","claimant":{"name":"Аноним"},"said_at":"2025-12-02","language":"ru"}' >/dev/null
queued=$(psql "$CT_TEST_DB" -Atc "SELECT count(*) FROM claimtrack.ct_outbox")
cli --as admin:cron request POST /jobs/run '{}' >/dev/null

report=$(curl -sf "http://127.0.0.1:$port/report")
printf '%s' "$report" | QUEUED=$queued node -e '
let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
  const r = JSON.parse(s), queued = Number(process.env.QUEUED);
  const fail = (why) => { console.error("standard-webhooks: " + why + "\n" + s); process.exit(1); };
  if (queued < 8) fail(`only ${queued} deliveries were queued`);
  if (r.verified.length !== queued) fail(`${r.verified.length} of ${queued} deliveries verified`);
  if (r.refused.length !== 0) fail(`${r.refused.length} deliveries refused by the library`);
  if (new Set(r.verified.map((v) => v.id)).size !== queued) fail("a delivery id came twice");
  if (r.original !== null) fail("the first delivery no longer verifies: " + r.original);
  if (!r.tampered) fail("a tampered body verified");
  if (!r.replayed || !/too old/i.test(r.replayed)) fail("a replay ten minutes late verified: " + r.replayed);
  console.log(`standard-webhooks: ${queued} of ${queued} deliveries verified by the standardwebhooks package;` +
              ` a tampered body refused ("${r.tampered}"), a replay 10 minutes late refused ("${r.replayed}")`);
});'
