#!/usr/bin/env bash
# bench-explain.sh SCHEMA -- the plans PostgreSQL runs for claimtrack's
# hot reads on the data in SCHEMA (after bench_data filled it), with their
# real row counts and times: EXPLAIN ANALYZE by auto_explain, which logs
# the plan of every statement the plugin runs, prepared ones included, as
# it runs them. Called by scripts/bench.sh (BENCH_EXPLAIN=1) inside the
# throwaway cluster of scripts/pgtest.sh, whose server log it reads.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${BUILD:-$here/../build}
schema=$1
dir=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$CT_TEST_DB")
log=$dir/server.log
psql=(psql -X -qAt "$CT_TEST_DB")

"${psql[@]}" -c "ALTER DATABASE postgres SET session_preload_libraries = 'auto_explain'" \
    -c "ALTER DATABASE postgres SET auto_explain.log_min_duration = 0" \
    -c "ALTER DATABASE postgres SET auto_explain.log_analyze = on" \
    -c "ALTER DATABASE postgres SET auto_explain.log_buffers = on" \
    -c "ALTER DATABASE postgres SET auto_explain.log_timing = on"
claim=$("${psql[@]}" -c "SELECT max(id) FROM $schema.ct_claims WHERE published AND id < 900000")
article=$("${psql[@]}" -c "SELECT article_id FROM $schema.ct_mentions WHERE claim_id = $claim LIMIT 1")
config="{\"database\":\"$CT_TEST_DB\",\"schema\":\"$schema\",\"pool_size\":1,\"outbound\":{\"workers\":false},"
config+="\"publisher\":{\"name\":\"Factcheck.kz\",\"url\":\"https://factcheck.kz\"}}"

explain() {
    local title=$1; shift
    local from
    from=$(wc -c <"$log")
    "$build/claimtrack" --config "$config" "$@" >/dev/null
    echo "---- $title"
    # the plans of the request: those logged by the pool's connection
    # (its process id in the log line), after its session set-up; the
    # migrations' checks at open() run on a connection of their own
    tail -c +$((from + 1)) "$log" | awk '
        function done() {
            if (keep && query !~ /set_config/) { n++; pid[n] = who; text[n] = plan }
            keep = 0
        }
        /LOG:  duration: .* plan:/ { done(); keep = 1; query = ""
                                     match($0, /\[[0-9]+\]/); who = substr($0, RSTART, RLENGTH)
                                     sub(/.*LOG:  /, ""); plan = $0 "\n"; next }
        /^[0-9]{4}-[0-9]{2}-[0-9]{2} / { done(); next }
        keep && /^\tQuery Text:/ { query = $0; next }
        keep { sub(/^\t/, ""); plan = plan $0 "\n" }
        END { done(); for (i = 1; i <= n; i++) if (pid[i] == pid[n]) printf "%s", text[i] }'
}

echo "== query plans on $schema (claim $claim, article $article)"
explain "GET /claims/$claim (a reader)" --as reader:r request GET "/claims/$claim"
explain "GET /claims/$claim/timeline" --as reader:r request GET "/claims/$claim/timeline"
explain "GET /articles/$article/notices" --as reader:r request GET "/articles/$article/notices" '' '{"lang":"ru"}'
explain "GET /claims?q=Каракас (a reader; a city in thousands of claims)" --as reader:r request GET /claims '' '{"q":"Каракас"}'
explain "GET /claims?q=Каждый 7-й житель города Актау (a phrase in a few)" --as reader:r request GET /claims '' '{"q":"Каждый 7-й житель города Актау"}'
explain "GET /claims?q=бензин (in none)" --as reader:r request GET /claims '' '{"q":"бензин"}'
explain "GET /review-queue (a moderator)" --as moderator:m request GET /review-queue
explain "GET /feeds/claimreview" --as reader:r request GET /feeds/claimreview

"${psql[@]}" -c "ALTER DATABASE postgres RESET ALL"
