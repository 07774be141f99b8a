#!/usr/bin/env bash
# host-tests.sh BUILD -- the reference host of BUILD over HTTP, with curl:
# articles whose ids are no plain path segment (a space, '/', '?', '%',
# Cyrillic letters) and whose language is a whole BCP 47 tag get their
# notices on the server-rendered page (GET /articles/{id}) and in
# GET /host/articles/{id}, and through the relay to the plugin
# (/api/claimtrack/articles/{id}/...: notices as a reader; an editor's
# suggestions, scan and confirm), each id reaching the plugin as one path
# segment; query arguments reach the plugin decoded ('+' a space, %XX).
# Runs inside scripts/pgtest.sh: loads the seed story into CT_TEST_DB,
# starts the host on a free port, adds the articles to host_articles and a
# mention of the seed claim to each, checks, stops the host. The last line
# is "host-tests: N passed, M failed".
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

export CLAIMTRACK_DATABASE="$CT_TEST_DB"
export CLAIMTRACK_PLUGIN="$root/$build/claimtrack.so"
"$build/claimtrack" --as editor:seed seed data/seed/caracas.json >/dev/null

port=$(( 20000 + RANDOM % 20000 ))
log=$(mktemp /tmp/claimtrack-host.XXXXXX)
PORT=$port "$build/claimtrack-host" >"$log" 2>&1 &
host_pid=$!
trap 'kill $host_pid 2>/dev/null || true; wait $host_pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/host/session" >/dev/null 2>&1 && break
    kill -0 $host_pid 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done

set +e        # a failed check is counted, not the end of the run
passed=0
failed=0
check() {     # check WHAT CONDITION-STATUS
    if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1"; fi
}

quote="сравнив ситуацию в столице Казахстана с криминогенной обстановкой в Венесуэле"
body="Депутат выступил, $quote. Полиция опровергла."
# id, language, the word of its notice that says the language it is in
# ("fil", Filipino, is no language notices are written in: the claim's
# own, Russian, as without lang; it was sent as "fi", a 400, and no notice;
# 180 Cyrillic letters percent-encoded would pass the plugin's 1,024-byte
# path, so letters past ASCII go as UTF-8)
articles=(
    "новости 2025/астана? 50% #1|ru-RU|Вердикт:"
    "kk article|kk-Cyrl-KZ|Қорытынды:"
    "en/news?x=1|EN-gb|Verdict:"
    "fil-article|fil|Вердикт:"
    "$(printf 'ж%.0s' $(seq 1 180))|ru|Вердикт:"
)
position=100
for entry in "${articles[@]}"; do
    IFS='|' read -r id lang word <<<"$entry"
    position=$((position + 1))
    psql -qAt "$CT_TEST_DB" -v ON_ERROR_STOP=1 -v id="$id" -v lang="$lang" -v body="$body" \
        -v position="$position" >/dev/null <<'SQL'
INSERT INTO host_articles (id, title, language, url, body, position)
VALUES (:'id', 'A test article', :'lang', NULL, :'body', :position);
SQL
    mention=$(jq -cn --arg id "$id" --arg q "$quote" '{article_id: $id, quote: {exact: $q}}')
    "$build/claimtrack" --as editor:seed request POST /claims/1/mentions "$mention" >/dev/null
    encoded=$(jq -rn --arg id "$id" '$id | @uri')

    page=$(curl -s "http://127.0.0.1:$port/articles/$encoded")
    grep -qF "$word" <<<"$page"
    check "$id ($lang): the page shows the notice with \"$word\"" $?
    grep -qF 'class="ct-notices"' <<<"$page"
    check "$id ($lang): the page has the notices' aside" $?
    grep -qF '"ClaimReview"' <<<"$page"
    check "$id ($lang): the page has the ClaimReview JSON-LD" $?

    json=$(curl -s "http://127.0.0.1:$port/host/articles/$encoded")
    [ "$(jq -r .id <<<"$json")" = "$id" ]
    check "$id ($lang): GET /host/articles/{id} is the article" $?
    jq -r .notices_html <<<"$json" | grep -qF "$word"
    check "$id ($lang): notices_html has \"$word\"" $?

    # the relay: the id, encoded as one segment, reaches the plugin whole
    json=$(curl -s "http://127.0.0.1:$port/api/claimtrack/articles/$encoded/notices?format=json")
    jq -e --arg id "$id" '.article_id == $id and .notices[0].claim_id == 1' <<<"$json" >/dev/null
    check "$id ($lang): the relay's GET /articles/{id}/notices is the article's" $?
done

# ---- an article no published claim is mentioned in ----
# The plugin's JSON-LD is "" there: the page has no structured data at
# all, never an empty <script type="application/ld+json"> (a parse error
# for every search engine that reads it).
psql -qAt "$CT_TEST_DB" -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
INSERT INTO host_articles (id, title, language, url, body, position)
VALUES ('no-notices', 'A quiet article', 'ru', NULL, 'Ничего спорного.', 150);
SQL
page=$(curl -s "http://127.0.0.1:$port/articles/no-notices")
grep -qF 'Ничего спорного.' <<<"$page" && ! grep -qF 'application/ld+json' <<<"$page"
check "no-notices: the page has the article and no JSON-LD script" $?

# ---- an editor's suggestions panel through the relay ----
# An article holding the seed claim's words and no mention of it: saved by
# an editor (PUT /host/articles/{id}, the host's own route), its scan
# suggests the claim; the relay's GET .../suggestions, POST .../scan and
# POST /suggestions/{id}/confirm reach that article, never another.
base="http://127.0.0.1:$port"
jar=$(mktemp /tmp/claimtrack-host-jar.XXXXXX)
trap 'kill $host_pid 2>/dev/null || true; wait $host_pid 2>/dev/null || true; rm -f "$log" "$jar"' EXIT
curl -s -c "$jar" -o /dev/null -H "Origin: $base" --data 'name=editor&password=tag-the-claims' "$base/login"
csrf=$(curl -s -b "$jar" "$base/host/session" | jq -r .csrf)
id="досье 2025/Сарыарка? 100% #2"
encoded=$(jq -rn --arg id "$id" '$id | @uri')
text="Депутат сказал, что район Сарыарка — наиболее проблемный с точки зрения преступности, а криминогенная обстановка в Астане как в Венесуэле, как в Каракасе."
psql -qAt "$CT_TEST_DB" -v ON_ERROR_STOP=1 -v id="$id" -v body="$text" >/dev/null <<'SQL'
INSERT INTO host_articles (id, title, language, url, body, position)
VALUES (:'id', 'A test article', 'ru-RU', NULL, :'body', 200);
SQL
saved=$(curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -X PUT \
    --data "$(jq -cn --arg t "$text" '{text: $t}')" "$base/host/articles/$encoded")
suggestion=$(jq -r '.suggestions[0].id // empty' <<<"$saved")
[ -n "$suggestion" ]
check "$id: saving the article suggests the seed claim" $?
json=$(curl -s -b "$jar" "$base/api/claimtrack/articles/$encoded/suggestions")
jq -e --arg id "$id" --argjson s "${suggestion:-0}" \
    '.suggestions | length == 1 and .[0].id == $s and .[0].article_id == $id and .[0].claim_id == 1' \
    <<<"$json" >/dev/null
check "$id: the relay's GET /articles/{id}/suggestions lists that suggestion" $?
json=$(curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    --data "$(jq -cn --arg t "$text" '{text: $t, language: "ru"}')" \
    "$base/api/claimtrack/articles/$encoded/scan")
jq -e --arg id "$id" '.suggestions[0].article_id == $id and .suggestions[0].claim_id == 1' \
    <<<"$json" >/dev/null
check "$id: the relay's POST /articles/{id}/scan scans that article" $?
suggestion=$(jq -r '.suggestions[0].id // 0' <<<"$json")
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' --data '{}' \
    "$base/api/claimtrack/suggestions/$suggestion/confirm")
[ "$status" = 201 ]
check "$id: the relay's POST /suggestions/{id}/confirm is 201" $?
json=$(curl -s "$base/api/claimtrack/articles/$encoded/notices?format=json")
jq -e --arg id "$id" '.article_id == $id and (.notices | length) == 1 and .notices[0].claim_id == 1' \
    <<<"$json" >/dev/null
check "$id: confirmed, the relay's notices of the article have the seed claim" $?

# a prefix whose segments are not "api" and "claimtrack" as sent is no relay
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/api%2Fclaimtrack/health")
[ "$status" = 404 ]
check "/api%2Fclaimtrack/health is 404, not the plugin's /health" $?
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/claim%74rack/health")
[ "$status" = 200 ]
check "/api/claim%74rack/health is the plugin's /health" $?

# ---- query arguments reach the plugin decoded, as libmicrohttpd decodes them ----
json=$(curl -s "$base/api/claimtrack/claims?a+b%2Bc=1")
[ "$(jq -r .error.field <<<"$json")" = "query.a b+c" ]
check "a query key's '+' is a space and %2B a '+'" $?
json=$(curl -s "$base/api/claimtrack/articles/fil-article/notices?format=%6Aso%6E&lang=kk%2DKZ")
[ "$(jq -r '.notices[0].language' <<<"$json")" = kk ]
check "query values are percent-decoded (format=%6Aso%6E, lang=kk%2DKZ)" $?

kill -TERM $host_pid
wait $host_pid || { echo "host-tests: the host exited with status $?" >&2; tail -n 40 "$log" >&2; failed=$((failed + 1)); }
echo "host-tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
