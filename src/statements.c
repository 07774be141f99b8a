/*
 * statements.c -- the SQL text of every prepared statement.
 *
 * Parameters are always bound, never spliced. The JSON representations the
 * API returns are built here by PostgreSQL, from the fragments below, so a
 * claim with its responses and mentions (or a page of them) is one round
 * trip with no query per row. The fragments are spliced into each
 * statement at compile time rather than called as SQL functions: a
 * prepared statement's plan then covers the whole representation, which
 * measured about 2.5 times faster than calling a SQL-language function per
 * claim.
 */
#include "statements.h"

/* The responses of claim <c> (an alias of ct_claims) in world order. */
#define RESPONSES_JSON(c) \
    "(SELECT COALESCE(json_agg(json_build_object(" \
    "   'id', r.id, 'kind', r.kind," \
    "   'by', json_build_object('name', r.by_name, 'role', r.by_role)," \
    "   'issued_at', r.issued_at, 'summary', r.summary, 'url', r.url)" \
    "  ORDER BY r.issued_at, r.id), '[]')" \
    " FROM ct_responses r WHERE r.claim_id = " c ".id)"

/* The mentions of claim <c> in the articles <where> selects. */
#define MENTIONS_JSON(c, where) \
    "(SELECT COALESCE(json_agg(json_build_object(" \
    "   'id', m.id, 'article_id', m.article_id, 'url', m.article_url," \
    "   'quote', json_build_object('exact', m.quote_exact, 'prefix', m.quote_prefix," \
    "                              'suffix', m.quote_suffix)," \
    "   'position', CASE WHEN m.position_start IS NOT NULL THEN json_build_object(" \
    "                 'start', m.position_start, 'end', m.position_end) END," \
    "   'orphaned', m.orphaned) ORDER BY m.id), '[]')" \
    " FROM ct_mentions m WHERE m.claim_id = " c ".id" where ")"

/* A claim; <staff> is a boolean expression: may the caller see who recorded it. */
#define CLAIM_JSON(c, staff) \
    "json_build_object(" \
    " 'id', " c ".id, 'text', " c ".text," \
    " 'claimant', json_build_object('name', " c ".claimant_name, 'role', " c ".claimant_role)," \
    " 'said_at', " c ".said_at, 'venue', " c ".venue, 'language', " c ".language," \
    " 'source_url', " c ".source_url, 'status', " c ".status, 'rating', " c ".rating," \
    " 'published', " c ".published, 'published_at', " c ".published_at," \
    " 'version', " c ".version, 'created_at', " c ".created_at," \
    " 'updated_at', " c ".updated_at," \
    " 'created_by', CASE WHEN " staff " THEN " c ".created_by END," \
    " 'responses', " RESPONSES_JSON(c) "," \
    " 'mentions', " MENTIONS_JSON(c, "") ")"

/* A reader's notice of claim <c> as mentioned in article <article>, in <lang>. */
#define NOTICE_JSON(c, article, lang) \
    "json_build_object(" \
    " 'claim_id', " c ".id, 'language', " lang ", 'claim_language', " c ".language," \
    " 'text', " c ".text," \
    " 'claimant', json_build_object('name', " c ".claimant_name, 'role', " c ".claimant_role)," \
    " 'said_at', " c ".said_at, 'venue', " c ".venue, 'source_url', " c ".source_url," \
    " 'status', " c ".status, 'rating', " c ".rating," \
    " 'published_at', " c ".published_at, 'updated_at', " c ".updated_at," \
    " 'responses', " RESPONSES_JSON(c) "," \
    " 'mentions', " MENTIONS_JSON(c, " AND m.article_id = " article) "," \
    " 'appearances', (SELECT COALESCE(json_agg(DISTINCT m.article_url), '[]')" \
    "   FROM ct_mentions m WHERE m.claim_id = " c ".id AND m.article_url IS NOT NULL))"

/* The language of a notice: the requested one ($2), else the claim's when
   notices can be written in it (the list $4 comes from i18n.c), else the
   configured default ($3). */
#define NOTICE_LANG \
    "COALESCE($2, CASE WHEN split_part(c.language, '-', 1) = ANY($4::text[])" \
    " THEN split_part(c.language, '-', 1) END, $3)"

static const ct_stmt_def defs[CT_STMT_COUNT] = {
    /* $1 text, $2 claimant, $3 role, $4 venue, $5 said_at, $6 language,
       $7 source_url, $8 actor id, $9 actor role, $10 article id (NULL: no
       mention), $11 article url, $12 exact, $13 prefix, $14 suffix, $15 and
       $16 the quote's start and end (code points, may be NULL). One
       statement instead of four: the hottest write path. */
    [ST_CLAIM_CREATE] = {"ct_claim_create",
        "WITH claim AS ("
        "  INSERT INTO ct_claims (text, claimant_name, claimant_role, venue, said_at,"
        "   language, source_url, created_by)"
        "  VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7, $8) RETURNING id, said_at),"
        " recorded AS ("
        "  INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
        "  SELECT id, 'claim_recorded', said_at, $8, $9, jsonb_strip_nulls(jsonb_build_object("
        "   'status', 'disputed', 'claimant', $2::text, 'venue', $4::text)) FROM claim),"
        " mention AS ("
        "  INSERT INTO ct_mentions (claim_id, article_id, article_url, quote_exact,"
        "   quote_prefix, quote_suffix, created_by, position_start, position_end)"
        "  SELECT id, $10, $11, $12, COALESCE($13, ''), COALESCE($14, ''), $8,"
        "   $15::int, $16::int FROM claim"
        "  WHERE $10::text IS NOT NULL RETURNING claim_id),"
        " mentioned AS ("
        "  INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
        "  SELECT claim_id, 'mention_added', now(), $8, $9,"
        "   jsonb_build_object('article_id', $10::text, 'exact', $12::text) FROM mention)"
        " SELECT id FROM claim", 16},
    [ST_CLAIM_JSON] = {"ct_claim_json",
        "SELECT " CLAIM_JSON("c", "$2::boolean") "::text FROM ct_claims c"
        " WHERE c.id = $1::bigint AND (c.published OR $2::boolean)", 2},
    [ST_CLAIM_LIST] = {"ct_claim_list",
        "SELECT json_build_object("
        "  'claims', COALESCE(json_agg(" CLAIM_JSON("c", "$4::boolean") " ORDER BY c.id DESC), '[]'),"
        "  'next_cursor', CASE WHEN count(*) = $6::int THEN min(c.id)::text END)::text"
        " FROM (SELECT * FROM ct_claims c"
        "  WHERE ($1::text IS NULL OR c.status = $1)"
        "    AND ($2::text IS NULL OR strpos(lower(c.text || ' ' || c.claimant_name), lower($2)) > 0)"
        "    AND ($3::text IS NULL OR c.language = $3)"
        "    AND (c.published OR $4::boolean)"
        "    AND ($5::bigint IS NULL OR c.id < $5::bigint)"
        "  ORDER BY c.id DESC LIMIT $6::int) c", 6},
    [ST_CLAIM_LOCK] = {"ct_claim_lock",
        "SELECT status, version, rating, published FROM ct_claims"
        " WHERE id = $1::bigint FOR UPDATE", 1},
    [ST_CLAIM_TOUCH] = {"ct_claim_touch",
        "UPDATE ct_claims SET version = version + 1, updated_at = now()"
        " WHERE id = $1::bigint RETURNING version", 1},
    [ST_CLAIM_REVIEW] = {"ct_claim_review",
        "UPDATE ct_claims SET status = $2, rating = $3, published = $4::boolean,"
        " published_at = CASE WHEN NOT $4::boolean THEN NULL"
        "                     WHEN published THEN published_at ELSE now() END,"
        " version = version + 1, updated_at = now()"
        " WHERE id = $1::bigint RETURNING version", 4},
    [ST_RESPONSE_INSERT] = {"ct_response_insert",
        "INSERT INTO ct_responses (claim_id, kind, by_name, by_role, issued_at, summary,"
        " url, created_by) VALUES ($1::bigint, $2, $3, $4, $5::timestamptz, $6, $7, $8)"
        " RETURNING id", 8},
    [ST_MENTION_INSERT] = {"ct_mention_insert",
        "INSERT INTO ct_mentions (claim_id, article_id, article_url, quote_exact,"
        " quote_prefix, quote_suffix, created_by, position_start, position_end)"
        " VALUES ($1::bigint, $2, $3, $4, COALESCE($5, ''), COALESCE($6, ''), $7,"
        "         $8::int, $9::int) RETURNING id", 9},
    [ST_EVENT_INSERT] = {"ct_event_insert",
        "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
        " VALUES ($1::bigint, $2, COALESCE($3::timestamptz, now()), $4, $5, $6::jsonb)", 6},
    [ST_TIMELINE_JSON] = {"ct_timeline_json",
        "SELECT json_build_object('claim_id', c.id, 'events',"
        "  (SELECT COALESCE(json_agg(json_build_object("
        "     'id', e.id, 'type', e.type,"
        "     'occurred_at', e.occurred_at, 'recorded_at', e.recorded_at,"
        "     'actor', CASE WHEN $2::boolean THEN json_build_object('id', e.actor_id,"
        "                                                   'role', e.actor_role) END,"
        "     'payload', CASE WHEN $2::boolean THEN e.payload ELSE e.payload - 'note' END)"
        "   ORDER BY e.occurred_at, e.id), '[]')"
        "   FROM ct_events e WHERE e.claim_id = c.id))::text"
        " FROM ct_claims c WHERE c.id = $1::bigint AND (c.published OR $2::boolean)", 2},
    [ST_NOTICES_JSON] = {"ct_notices_json",
        "SELECT json_build_object('article_id', $1::text, 'notices',"
        "  COALESCE(json_agg(" NOTICE_JSON("c", "$1", NOTICE_LANG)
        "   ORDER BY c.said_at, c.id), '[]'))::text"
        " FROM ct_claims c"
        " WHERE c.published AND c.id IN (SELECT m.claim_id FROM ct_mentions m"
        "                                WHERE m.article_id = $1)", 4},
    [ST_FEED_JSON] = {"ct_feed_json",
        "SELECT COALESCE(json_agg(" NOTICE_JSON("c", "NULL", "c.language")
        "   ORDER BY c.published_at DESC, c.id DESC), '[]')::text"
        " FROM (SELECT * FROM ct_claims c WHERE c.published"
        "       ORDER BY c.published_at DESC, c.id DESC LIMIT $1::int) c", 1},
    [ST_REVIEW_QUEUE] = {"ct_review_queue",
        "SELECT COALESCE(json_agg(" CLAIM_JSON("c", "true") " ORDER BY c.created_at, c.id), '[]')::text"
        " FROM (SELECT * FROM ct_claims c"
        "  WHERE (NOT c.published AND c.status IN ('disputed', 'under_review'))"
        "     OR EXISTS (SELECT 1 FROM ct_mentions m WHERE m.claim_id = c.id AND m.orphaned)"
        "  ORDER BY c.created_at, c.id LIMIT $1::int) c", 1},
    [ST_IMPORT_CLAIM_URL] = {"ct_import_claim_url",
        "INSERT INTO ct_imports (review_url, reviewer) VALUES ($1, $2)"
        " ON CONFLICT (review_url) DO NOTHING RETURNING review_url", 2},
    [ST_IMPORT_EXISTING] = {"ct_import_existing",
        "SELECT claim_id::text FROM ct_imports WHERE review_url = $1", 1},
    [ST_IMPORT_LINK] = {"ct_import_link",
        "UPDATE ct_imports SET claim_id = $2::bigint WHERE review_url = $1", 2},
    [ST_ARTICLE_MENTIONS] = {"ct_article_mentions",
        "SELECT id, claim_id, quote_exact, quote_prefix, quote_suffix, position_start,"
        " position_end, orphaned FROM ct_mentions WHERE article_id = $1"
        " ORDER BY id FOR UPDATE", 1},
    [ST_MENTIONS_REANCHOR] = {"ct_mentions_reanchor",
        "UPDATE ct_mentions m SET position_start = u.start, position_end = u.\"end\","
        " orphaned = u.orphaned, anchored_at = now()"
        " FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, start int, \"end\" int,"
        "                                          orphaned boolean)"
        " WHERE m.id = u.id", 1},
    [ST_EVENTS_APPEND] = {"ct_events_append",
        "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
        " SELECT (e->>'claim_id')::bigint, e->>'type', now(), $2, $3, e->'payload'"
        " FROM jsonb_array_elements($1::jsonb) AS e", 3},
    [ST_SCHEMA_VERSION] = {"ct_schema_version",
        "SELECT max(version) FROM schema_migrations", 0},
};

const ct_stmt_def *ct_stmt_get(ct_stmt stmt)
{
    return &defs[stmt];
}
