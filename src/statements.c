/*
 * statements.c -- the SQL text of every prepared statement.
 *
 * Parameters are always bound, never spliced. Representations that the
 * API returns are built by the SQL functions of sql/001_core.sql
 * (ct_claim_json and friends) so that a claim with its responses and
 * mentions comes back in one round trip, with no query per row.
 */
#include "statements.h"

static const ct_stmt_def defs[CT_STMT_COUNT] = {
    [ST_CLAIM_INSERT] = {"ct_claim_insert",
        "INSERT INTO ct_claims (text, claimant_name, claimant_role, venue, said_at,"
        " language, source_url, created_by)"
        " VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7, $8) RETURNING id", 8},
    [ST_CLAIM_JSON] = {"ct_claim_json",
        "SELECT ct_claim_json(c, $2::boolean)::text FROM ct_claims c"
        " WHERE c.id = $1::bigint AND (c.published OR $2::boolean)", 2},
    [ST_CLAIM_LIST] = {"ct_claim_list",
        "SELECT json_build_object("
        "  'claims', COALESCE(json_agg(ct_claim_json(c, $4::boolean) ORDER BY c.id DESC), '[]'),"
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
        " quote_prefix, quote_suffix, created_by)"
        " VALUES ($1::bigint, $2, $3, $4, COALESCE($5, ''), COALESCE($6, ''), $7)"
        " RETURNING id", 7},
    [ST_EVENT_INSERT] = {"ct_event_insert",
        "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
        " VALUES ($1::bigint, $2, COALESCE($3::timestamptz, now()), $4, $5, $6::jsonb)", 6},
    [ST_TIMELINE_JSON] = {"ct_timeline_json",
        "SELECT ct_timeline_json(c.id, $2::boolean)::text FROM ct_claims c"
        " WHERE c.id = $1::bigint AND (c.published OR $2::boolean)", 2},
    [ST_NOTICES_JSON] = {"ct_notices_json",
        "SELECT json_build_object('article_id', $1::text, 'notices',"
        "  COALESCE(json_agg(ct_notice_json(c, $1, COALESCE($2, c.language, $3))"
        "   ORDER BY c.said_at, c.id), '[]'))::text"
        " FROM ct_claims c"
        " WHERE c.published AND c.id IN (SELECT m.claim_id FROM ct_mentions m"
        "                                WHERE m.article_id = $1)", 3},
    [ST_REVIEW_QUEUE] = {"ct_review_queue",
        "SELECT COALESCE(json_agg(ct_claim_json(c, true) ORDER BY c.created_at, c.id), '[]')::text"
        " FROM (SELECT * FROM ct_claims c"
        "  WHERE NOT c.published AND c.status IN ('disputed', 'under_review')"
        "  ORDER BY c.created_at, c.id LIMIT $1::int) c", 1},
    [ST_SCHEMA_VERSION] = {"ct_schema_version",
        "SELECT max(version) FROM schema_migrations", 0},
};

const ct_stmt_def *ct_stmt_get(ct_stmt stmt)
{
    return &defs[stmt];
}
