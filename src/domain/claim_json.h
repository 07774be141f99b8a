/*
 * claim_json.h -- a claim as the API returns it, written in SQL.
 *
 * PostgreSQL builds the JSON of a claim with its responses, mentions and
 * archived sources, so a claim (or a page of them) is one round trip with
 * no query per row. These fragments are spliced into the statements at
 * compile time rather than called as SQL functions: a prepared statement's
 * plan then covers the whole representation, which measured about 2.5
 * times faster than calling a SQL-language function per claim. Used by
 * claims.c, review.c and the readers' notices (render/notice_json.h).
 * Parameters are always bound, never spliced: only these constant
 * fragments are.
 */
#ifndef CT_CLAIM_JSON_H
#define CT_CLAIM_JSON_H

/* The responses of claim <c> (an alias of ct_claims) in world order; one
   whose source gave no date (sql/025) where the desk recorded it, the
   latest it can have been issued, so an undated verdict never follows its
   own revision. */
#define RESPONSES_JSON(c) \
    "(SELECT COALESCE(json_agg(json_build_object(" \
    "   'id', r.id, 'kind', r.kind," \
    "   'by', json_build_object('name', r.by_name, 'role', r.by_role)," \
    "   'issued_at', r.issued_at, 'issued_on', ct_shown_day(r.issued_on, r.issued_at)," \
    "   'summary', r.summary, 'url', r.url," \
    "   'evidence_id', (SELECT min(v.id) FROM ct_evidence v" \
    "                   WHERE v.response_id = r.id AND v.status = 'archived'))" \
    "  ORDER BY COALESCE(r.issued_at, r.created_at), r.id), '[]')" \
    " FROM ct_responses r WHERE r.claim_id = " c ".id)"

/* The mentions of claim <c> in the articles <where> selects. */
#define MENTIONS_JSON(c, where) \
    "(SELECT COALESCE(json_agg(json_build_object(" \
    "   'id', m.id, 'article_id', m.article_id, 'url', m.article_url," \
    "   'quote', json_build_object('exact', m.quote_exact, 'prefix', m.quote_prefix," \
    "                              'suffix', m.quote_suffix)," \
    "   'position', CASE WHEN m.position_start IS NOT NULL THEN json_build_object(" \
    "                 'start', m.position_start, 'end', m.position_end) END," \
    "   'orphaned', m.orphaned, 'anchor_method', m.anchor_method," \
    "   'anchor_score', m.anchor_score) ORDER BY m.id), '[]')" \
    " FROM ct_mentions m WHERE m.claim_id = " c ".id" where ")"

/* The archived sources of claim <c> (never their bodies). */
#define EVIDENCE_JSON(c) \
    "(SELECT COALESCE(json_agg(json_build_object(" \
    "   'id', v.id, 'url', v.url, 'response_id', v.response_id, 'status', v.status," \
    "   'http_status', v.http_status, 'final_url', v.final_url," \
    "   'content_type', v.content_type, 'title', v.title, 'size', v.size," \
    "   'sha256', v.sha256, 'truncated', v.truncated, 'fetched_at', v.fetched_at," \
    "   'attempts', v.attempts, 'error', v.error) ORDER BY v.id), '[]')" \
    " FROM ct_evidence v WHERE v.claim_id = " c ".id)"

/* A claim; <staff> is a boolean expression: may the caller see who recorded it. */
#define CLAIM_JSON(c, staff) \
    "json_build_object(" \
    " 'id', " c ".id, 'text', " c ".text," \
    " 'claimant', json_build_object('name', " c ".claimant_name, 'role', " c ".claimant_role," \
    "                               'type', " c ".claimant_type)," \
    " 'said_at', " c ".said_at, 'venue', " c ".venue, 'language', " c ".language," \
    " 'source_url', " c ".source_url, 'status', " c ".status, 'rating', " c ".rating," \
    " 'rating_as_written', " c ".rating_as_written," \
    " 'published', " c ".published, 'published_at', " c ".published_at," \
    " 'version', " c ".version, 'created_at', " c ".created_at," \
    " 'updated_at', " c ".updated_at," \
    " 'created_by', CASE WHEN " staff " THEN " c ".created_by END," \
    " 'review_requested_at', CASE WHEN " staff " THEN " c ".review_requested_at END," \
    " 'responses', " RESPONSES_JSON(c) "," \
    " 'mentions', " MENTIONS_JSON(c, "") "," \
    " 'evidence', " EVIDENCE_JSON(c) ")"

/*
 * Last-Modified (sql/038_last_modified.sql): an HTTP-date of the latest
 * version an answer is made from. Written here rather than as SQL
 * functions: PostgreSQL inlines no SQL function whose body holds a
 * subquery, and one it does not inline is planned anew on every request,
 * which more than halved the rate of claim reads.
 */

/* When the desk's rating scale, which every answer names, last changed
   (NULL: never since 027). */
#define DESK_CHANGED_AT \
    "(SELECT d.changed_at FROM ct_notice_versions d WHERE d.article_id = '')"

/* When migration <number> (027 notices, 029 claims) began to keep versions. */
#define VERSIONS_BEGAN(number) \
    "(SELECT m.applied_at FROM schema_migrations m WHERE m.version = " number ")"

/* The Last-Modified of claim <id>'s answer (a bigint expression): its
   version's time, or, without one, the later of its recording and 029. */
#define CLAIM_LAST_MODIFIED(id) \
    "ct_http_date(greatest(COALESCE(" \
    "   (SELECT v.changed_at FROM ct_claim_versions v WHERE v.claim_id = " id ")," \
    "   greatest((SELECT k.created_at FROM ct_claims k WHERE k.id = " id ")," \
    "            " VERSIONS_BEGAN("29") "))," \
    " " DESK_CHANGED_AT "))"

#endif
