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
#include "store/statements.h"

/* The responses of claim <c> (an alias of ct_claims) in world order. */
#define RESPONSES_JSON(c) \
    "(SELECT COALESCE(json_agg(json_build_object(" \
    "   'id', r.id, 'kind', r.kind," \
    "   'by', json_build_object('name', r.by_name, 'role', r.by_role)," \
    "   'issued_at', r.issued_at, 'issued_on', ct_local_day(r.issued_at)," \
    "   'summary', r.summary, 'url', r.url," \
    "   'evidence_id', (SELECT min(v.id) FROM ct_evidence v" \
    "                   WHERE v.response_id = r.id AND v.status = 'archived'))" \
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

/* A delivery of the webhook outbox <o>. */
#define DELIVERY_JSON(o) \
    "json_build_object('id', " o ".id, 'event_id', 'evt_' || " o ".event_id," \
    " 'type', " o ".type, 'claim_id', " o ".claim_id, 'url', " o ".url," \
    " 'status', " o ".status, 'attempts', " o ".attempts, 'last_error', " o ".last_error," \
    " 'next_attempt_at', " o ".next_attempt_at, 'created_at', " o ".created_at," \
    " 'delivered_at', " o ".delivered_at)"

/* A claim; <staff> is a boolean expression: may the caller see who recorded it. */
#define CLAIM_JSON(c, staff) \
    "json_build_object(" \
    " 'id', " c ".id, 'text', " c ".text," \
    " 'claimant', json_build_object('name', " c ".claimant_name, 'role', " c ".claimant_role," \
    "                               'type', " c ".claimant_type)," \
    " 'said_at', " c ".said_at, 'venue', " c ".venue, 'language', " c ".language," \
    " 'source_url', " c ".source_url, 'status', " c ".status, 'rating', " c ".rating," \
    " 'published', " c ".published, 'published_at', " c ".published_at," \
    " 'version', " c ".version, 'created_at', " c ".created_at," \
    " 'updated_at', " c ".updated_at," \
    " 'created_by', CASE WHEN " staff " THEN " c ".created_by END," \
    " 'responses', " RESPONSES_JSON(c) "," \
    " 'mentions', " MENTIONS_JSON(c, "") "," \
    " 'evidence', " EVIDENCE_JSON(c) ")"

/* A reader's notice of claim <c> as mentioned in article <article>, in <lang>. */
#define NOTICE_JSON(c, article, lang) \
    "json_build_object(" \
    " 'claim_id', " c ".id, 'language', " lang ", 'claim_language', " c ".language," \
    " 'text', " c ".text," \
    " 'claimant', json_build_object('name', " c ".claimant_name, 'role', " c ".claimant_role," \
    "                               'type', " c ".claimant_type)," \
    " 'said_at', " c ".said_at, 'said_on', ct_local_day(" c ".said_at)," \
    " 'venue', " c ".venue, 'source_url', " c ".source_url," \
    " 'status', " c ".status, 'rating', " c ".rating," \
    " 'published_at', " c ".published_at, 'published_on', ct_local_day(" c ".published_at)," \
    " 'updated_at', " c ".updated_at, 'updated_on', ct_local_day(" c ".updated_at)," \
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
       $16 the quote's start and end (code points, may be NULL), $17 the
       claimant's type (NULL: person). One
       statement instead of four: the hottest write path. */
    [ST_CLAIM_CREATE] = {"ct_claim_create",
        "WITH claim AS ("
        "  INSERT INTO ct_claims (text, claimant_name, claimant_role, venue, said_at,"
        "   language, source_url, created_by, claimant_type)"
        "  VALUES ($1, $2, $3, $4, ct_instant($5), $6, $7, $8, COALESCE($17, 'person'))"
        "  RETURNING id, said_at),"
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
        " SELECT id FROM claim", 17},
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
        " url, created_by) VALUES ($1::bigint, $2, $3, $4, ct_instant($5), $6, $7, $8)"
        " RETURNING id", 8},
    [ST_MENTION_INSERT] = {"ct_mention_insert",
        "INSERT INTO ct_mentions (claim_id, article_id, article_url, quote_exact,"
        " quote_prefix, quote_suffix, created_by, position_start, position_end)"
        " VALUES ($1::bigint, $2, $3, $4, COALESCE($5, ''), COALESCE($6, ''), $7,"
        "         $8::int, $9::int) RETURNING id", 9},
    [ST_EVENT_INSERT] = {"ct_event_insert",
        "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
        " VALUES ($1::bigint, $2, COALESCE(ct_instant($3), now()), $4, $5, $6::jsonb)", 6},
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
        "INSERT INTO ct_imports (canonical_url, review_key, review_url, reviewer)"
        " VALUES ($1, $2, $3, $4)"
        " ON CONFLICT (canonical_url, review_key) DO NOTHING RETURNING id", 4},
    [ST_IMPORT_EXISTING] = {"ct_import_existing",
        "SELECT claim_id::text FROM ct_imports WHERE canonical_url = $1 AND review_key = $2", 2},
    [ST_IMPORT_LINK] = {"ct_import_link",
        "UPDATE ct_imports SET claim_id = $3::bigint"
        " WHERE canonical_url = $1 AND review_key = $2", 3},
    /* Each imported item is written inside its own savepoint, so that an
       item the database refuses is skipped without losing the others. */
    [ST_SAVEPOINT] = {"ct_savepoint", "SAVEPOINT ct_item", 0},
    [ST_SAVEPOINT_RELEASE] = {"ct_savepoint_release", "RELEASE SAVEPOINT ct_item", 0},
    [ST_SAVEPOINT_ROLLBACK] = {"ct_savepoint_rollback", "ROLLBACK TO SAVEPOINT ct_item", 0},
    [ST_ARTICLE_MENTIONS] = {"ct_article_mentions",
        "SELECT id, claim_id, quote_exact, quote_prefix, quote_suffix, position_start,"
        " position_end, orphaned, anchor_method FROM ct_mentions WHERE article_id = $1"
        " ORDER BY id FOR UPDATE", 1},
    [ST_MENTIONS_REANCHOR] = {"ct_mentions_reanchor",
        "UPDATE ct_mentions m SET position_start = u.start, position_end = u.\"end\","
        " orphaned = u.orphaned, anchor_method = u.method, anchor_score = u.score,"
        " anchored_at = now()"
        " FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, start int, \"end\" int,"
        "                                          orphaned boolean, method text, score real)"
        " WHERE m.id = u.id", 1},
    [ST_EVENTS_APPEND] = {"ct_events_append",
        "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
        " SELECT (e->>'claim_id')::bigint, e->>'type', now(), $2, $3, e->'payload'"
        " FROM jsonb_array_elements($1::jsonb) AS e", 3},
    [ST_EVIDENCE_TAKE] = {"ct_evidence_take",
        "UPDATE ct_evidence v SET attempts = v.attempts + 1, lease_until = now() + $1::interval"
        " WHERE v.id = (SELECT id FROM ct_evidence WHERE status = 'pending'"
        "                AND next_attempt_at <= now()"
        "                AND (lease_until IS NULL OR lease_until < now())"
        "               ORDER BY next_attempt_at, id FOR UPDATE SKIP LOCKED LIMIT 1)"
        " RETURNING v.id, v.claim_id, v.url, v.attempts", 1},
    /* The snapshot and its timeline event in one statement: both or neither.
       The claim is locked first, as every other change to it is, so that its
       events (and webhooks) keep the order of the changes. */
    [ST_EVIDENCE_ARCHIVE] = {"ct_evidence_archive",
        "WITH claim AS (SELECT c.id FROM ct_claims c JOIN ct_evidence e ON e.claim_id = c.id"
        "               WHERE e.id = $1::bigint FOR NO KEY UPDATE OF c),"
        " v AS (UPDATE ct_evidence SET status = 'archived', http_status = $2::int,"
        "   final_url = $3, content_type = $4, title = $5, size = $6::bigint, sha256 = $7,"
        "   truncated = $8::boolean, body = $9::bytea, fetched_at = now(), lease_until = NULL,"
        "   error = NULL WHERE id = $1::bigint AND EXISTS (SELECT 1 FROM claim)"
        "   RETURNING id, claim_id, url)"
        " INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
        " SELECT claim_id, 'evidence_archived', now(), 'claimtrack', 'system',"
        "  jsonb_strip_nulls(jsonb_build_object('evidence_id', id, 'url', url,"
        "   'http_status', $2::int, 'title', $5::text, 'sha256', $7::text,"
        "   'truncated', $8::boolean)) FROM v", 9},
    [ST_EVIDENCE_RETRY] = {"ct_evidence_retry",
        "WITH v AS (UPDATE ct_evidence SET error = $2, lease_until = NULL,"
        "   status = CASE WHEN attempts >= $4::int THEN 'failed' ELSE 'pending' END,"
        "   next_attempt_at = now() + $3::int * interval '1 millisecond'"
        "   WHERE id = $1::bigint RETURNING id, claim_id, url, status)"
        " INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
        " SELECT claim_id, 'evidence_failed', now(), 'claimtrack', 'system',"
        "  jsonb_build_object('evidence_id', id, 'url', url, 'error', $2::text)"
        " FROM v WHERE status = 'failed'", 4},
    [ST_EVIDENCE_GET] = {"ct_evidence_get",
        "SELECT v.content_type, v.body, v.url, v.final_url, v.fetched_at, v.truncated"
        " FROM ct_evidence v JOIN ct_claims c ON c.id = v.claim_id"
        " WHERE v.id = $1::bigint AND v.status = 'archived' AND (c.published OR $2::boolean)", 2},
    [ST_EVIDENCE_LIST] = {"ct_evidence_list",
        "SELECT json_build_object('evidence', COALESCE(json_agg(json_build_object("
        "   'id', v.id, 'claim_id', v.claim_id, 'url', v.url, 'status', v.status,"
        "   'attempts', v.attempts, 'error', v.error, 'http_status', v.http_status,"
        "   'title', v.title, 'fetched_at', v.fetched_at, 'next_attempt_at', v.next_attempt_at)"
        "   ORDER BY v.id), '[]'))::text"
        " FROM (SELECT * FROM ct_evidence WHERE ($1::text IS NULL OR status = $1)"
        "       ORDER BY id DESC LIMIT $2::int) v", 2},
    /* Per claim and webhook, an event waits while an earlier one is pending:
       receivers get each claim's events in order, and a batch never holds
       two events of one claim. Batches keep the cost of finding due rows
       small per delivery even when statistics lag behind a large backlog. */
    [ST_OUTBOX_TAKE] = {"ct_outbox_take",
        "UPDATE ct_outbox o SET attempts = o.attempts + 1, lease_until = now() + $2::interval"
        " WHERE o.id IN (SELECT d.id FROM ct_outbox d"
        "   WHERE d.status = 'pending' AND d.next_attempt_at <= now()"
        "     AND (d.lease_until IS NULL OR d.lease_until < now())"
        "     AND d.url = ANY($1::text[])"
        "     AND NOT EXISTS (SELECT 1 FROM ct_outbox e WHERE e.url = d.url"
        "                     AND e.claim_id = d.claim_id AND e.status = 'pending' AND e.id < d.id)"
        "   ORDER BY d.next_attempt_at, d.id FOR UPDATE SKIP LOCKED LIMIT $3::int)"
        " RETURNING o.id, o.url, o.type, o.attempts,"
        "  (SELECT json_build_object('id', 'evt_' || e.id, 'type', o.type, 'claim_id', e.claim_id,"
        "     'occurred_at', e.occurred_at, 'recorded_at', e.recorded_at, 'data', e.payload)"
        "   FROM ct_events e WHERE e.id = o.event_id)::text", 3},
    [ST_OUTBOX_DONE] = {"ct_outbox_done",
        "UPDATE ct_outbox SET status = 'delivered', delivered_at = now(), lease_until = NULL,"
        " last_error = NULL WHERE id = $1::bigint", 1},
    [ST_OUTBOX_RETRY] = {"ct_outbox_retry",
        "UPDATE ct_outbox SET last_error = $2, lease_until = NULL,"
        " status = CASE WHEN now() - retry_from >= $4::int * interval '1 second'"
        "               THEN 'dead' ELSE 'pending' END,"
        " next_attempt_at = now() + $3::int * interval '1 millisecond'"
        " WHERE id = $1::bigint", 4},
    [ST_OUTBOX_LIST] = {"ct_outbox_list",
        "SELECT json_build_object('deliveries', COALESCE(json_agg(" DELIVERY_JSON("o")
        "   ORDER BY o.id), '[]'))::text"
        " FROM (SELECT * FROM ct_outbox WHERE ($1::text IS NULL OR status = $1)"
        "       ORDER BY id DESC LIMIT $2::int) o", 2},
    [ST_OUTBOX_REDELIVER] = {"ct_outbox_redeliver",
        "UPDATE ct_outbox o SET status = 'pending', attempts = 0, next_attempt_at = now(),"
        " retry_from = now(), lease_until = NULL, delivered_at = NULL"
        " WHERE o.id = $1::bigint"
        "   AND NOT (o.status = 'pending' AND o.lease_until > now())"   /* not in flight */
        " RETURNING " DELIVERY_JSON("o") "::text", 1},
    [ST_OUTBOX_RELEASE] = {"ct_outbox_release",
        "UPDATE ct_outbox SET lease_until = NULL, attempts = greatest(attempts - 1, 0)"
        " WHERE id = $1::bigint AND status = 'pending'", 1},
    [ST_EVIDENCE_RELEASE] = {"ct_evidence_release",
        "UPDATE ct_evidence SET lease_until = NULL, attempts = greatest(attempts - 1, 0)"
        " WHERE id = $1::bigint AND status = 'pending'", 1},
    [ST_NOTIFY] = {"ct_notify", "SELECT pg_notify('ct_outbound', 'redeliver')", 0},
    [ST_SCHEMA_VERSION] = {"ct_schema_version",
        "SELECT max(version) FROM schema_migrations", 0},
};

const ct_stmt_def *ct_stmt_get(ct_stmt stmt)
{
    return &defs[stmt];
}
