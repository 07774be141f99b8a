/*
 * claims.c -- recording claims and mentions; reading and listing claims.
 *
 * A claim is written in one statement with its mention and events (the
 * hottest write), and read as the JSON PostgreSQL builds from the
 * fragments of claim_json.h, never parsed here. A caller's GET of one
 * claim is the read a page that links a claim repeats most, so its answer
 * is kept in the database, ready-made (sql/029), per claim and variant
 * (staff or reader, this build's composition, and the session's time
 * zone, which the local days are in), and read back by its primary key
 * while the claim's version and the desk's are those it was composed at:
 * the triggers that renew them run in every writer's transaction. The
 * routes that write a claim answer it composed afresh (ct_claim_json).
 * A standby composes: nothing can be kept or read back there.
 */
#include "domain/claims.h"
#include "base/jsonout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/claim_json.h"
#include "domain/lexicon.h"

/* ---- SQL: the statements this module runs, prepared on every connection -- */

/* $1 text, $2 claimant, $3 role, $4 venue, $5 said_at, $6 language,
   $7 source_url, $8 actor id, $9 actor role, $10 article id (NULL: no
   mention), $11 article url, $12 exact, $13 prefix, $14 suffix, $15 and
   $16 the quote's start and end (code points, may be NULL), $17 the
   claimant's type (NULL: person), $18 its comparison form
   (domain/lexicon.h), written by lexicon CT_LEXICON_VERSION. One
   statement instead of four: the hottest write path. */
static const ct_stmt stmt_claim_create = {"ct_claim_create",
    "WITH claim AS ("
    "  INSERT INTO ct_claims (text, claimant_name, claimant_role, venue, said_at, said_on,"
    "   language, source_url, created_by, claimant_type, match_text, match_version)"
    "  VALUES ($1, $2, $3, $4, ct_instant($5), ct_given_day($5), $6, $7, $8,"
    "          COALESCE($17, 'person'), $18,"
    "          " CT_LEXICON_VERSION_TEXT ")"
    "  RETURNING id, said_at),"
    " recorded AS ("
    "  INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
    "  SELECT id, 'claim_recorded', COALESCE(said_at, now()), $8, $9,"
    "   jsonb_strip_nulls(jsonb_build_object('status', 'disputed', 'claimant', $2::text,"
    "    'venue', $4::text, 'date_unknown', CASE WHEN said_at IS NULL THEN true END))"
    "   FROM claim),"
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
    " SELECT id FROM claim", 18};

/* A claim's version and the desk's, as stmt_claim_kept compares them. */
#define CLAIM_VERSION(id) \
    "COALESCE((SELECT v.version FROM ct_claim_versions v WHERE v.claim_id = " id "), 0)"
#define DESK_VERSION \
    "COALESCE((SELECT v.version FROM ct_notice_versions v WHERE v.article_id = ''), 0)"

/* A claim as the API returns it (CLAIM_JSON, $2: staff), with what a
   reader's answer is kept with (sql/029), read in the same snapshot: the
   claim's version and the desk's (0 for one never changed), and when
   they were drawn (its Last-Modified, sql/038). */
static const ct_stmt stmt_claim_json = {"ct_claim_json",
    "SELECT " CLAIM_JSON("c", "$2::boolean") "::text, " CLAIM_VERSION("c.id") ", " DESK_VERSION ","
    "       " CLAIM_LAST_MODIFIED("c.id")
    " FROM ct_claims c WHERE c.id = $1::bigint AND (c.published OR $2::boolean)", 2};

/* The answer kept for claim $1 in variant $2 (and the session's time
   zone, which its local days are in), if nothing it was made from has
   changed since, and its Last-Modified, kept with it: the versions'
   times cannot have changed while the versions did not (sql/038). */
static const ct_stmt stmt_claim_kept = {"ct_claim_kept",
    "SELECT r.body, r.last_modified FROM ct_claim_renders r"
    " WHERE r.claim_id = $1::bigint AND r.variant = $2 || '@' || ct_time_zone()"
    "   AND r.version = " CLAIM_VERSION("$1::bigint") " AND r.desk_version = " DESK_VERSION, 2};

/* Keep an answer; the last one composed wins (a stale one is never
   served, whichever it is: stmt_claim_kept compares for equality). The
   two oldest expired answers of other claims or variants go in the same
   statement (sql/030_kept_answers_expire.sql). The answer being kept is
   named apart: PostgreSQL leaves the order of a WITH's writes and the
   main statement's unspecified, so nothing else keeps it out. */
static const ct_stmt stmt_claim_keep = {"ct_claim_keep",
    "WITH expired AS (DELETE FROM ct_claim_renders e WHERE e.ctid = ANY (ARRAY("
    "   SELECT x.ctid FROM ct_claim_renders x"
    "    WHERE x.kept_at < now() - ct_kept_answer_lifetime()"
    "      AND NOT (x.claim_id = $1::bigint AND x.variant = $2 || '@' || ct_time_zone())"
    "    ORDER BY x.kept_at LIMIT 2 FOR UPDATE SKIP LOCKED)))"
    " INSERT INTO ct_claim_renders (claim_id, variant, version, desk_version, body,"
    "                               last_modified)"
    " VALUES ($1::bigint, $2 || '@' || ct_time_zone(), $3, $4, $5, $6)"
    " ON CONFLICT (claim_id, variant) DO UPDATE SET version = EXCLUDED.version,"
    "   desk_version = EXCLUDED.desk_version, body = EXCLUDED.body,"
    "   last_modified = EXCLUDED.last_modified, kept_at = now()", 6};

/* The claims of a page, newest first: $1 status, $3 language (NULL: any;
   compared in either case, as RFC 5646 §2.1.1 compares tags, so that a
   claim stored in the case it was sent before POST /claims wrote §2.1.1's
   case, "ru-kz", is found as "ru-KZ"),
   $4 staff (unpublished too), $5 cursor (ids below it), $6 limit, and
   <match> on $2 (the list's is "no q"; a search is ct_stmt_claim_search). */
#define CLAIM_PAGE_ROWS(match) \
    "SELECT * FROM ct_claims c" \
    "  WHERE ($1::text IS NULL OR c.status = $1)" \
    "    AND " match \
    "    AND ($3::text IS NULL OR lower(c.language) = lower($3))" \
    "    AND (c.published OR $4::boolean)" \
    "    AND ($5::bigint IS NULL OR c.id < $5::bigint)" \
    "  ORDER BY c.id DESC LIMIT $6::int"

/* A page as the API returns it: the claims, and the cursor of the next
   page when this one is full. */
#define CLAIM_PAGE_JSON(staff, limit) \
    "SELECT json_build_object(" \
    "  'claims', COALESCE(json_agg(" CLAIM_JSON("c", staff) " ORDER BY c.id DESC), '[]')," \
    "  'next_cursor', CASE WHEN count(*) = " limit " THEN min(c.id)::text END)::text"

static const ct_stmt stmt_claim_list = {"ct_claim_list",
    CLAIM_PAGE_JSON("$4::boolean", "$6::int")
    " FROM (" CLAIM_PAGE_ROWS("$2::text IS NULL") ") c", 6};

/* What a claim must be to be on a search's page: its text or claimant's
   name containing $2, case-insensitively, as a LIKE on search_text, their
   lower-cased form stored when they are written, which the trigram index
   holds (sql/032_search_text.sql; lower() at every claim walked was more
   than half of the walk) (q's own %, _ and \ escaped), of the kind asked
   ($1 status, $3 language), among those the asker may see ($4 staff:
   unpublished too) before the cursor ($5). */
#define SEARCH_MATCH \
    "c.search_text LIKE '%' ||" \
    " replace(replace(replace(lower($2::text), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'"
/* What the junction index (sql/031_search_junctions.sql) narrows a search
   to: the claims holding every junction of q (five characters with a
   space in the middle), a superset of those SEARCH_MATCH keeps. A q
   without any asks nothing of it: the statement is planned for its
   values (ct_exec_oneshot_text, an unnamed statement: a custom plan), so
   q's junctions are computed once, at planning, and the clause is folded
   away when there are none. A generic plan (plan_cache_mode set to
   force_generic_plan on the role or database) would keep it as a filter,
   computed for each claim that passes LIKE, and never read the index.
   Of q's junctions it asks for the two rarest (sql/035_search_keys.sql):
   $7 is those of them that are common among the desk's claims, most
   common first (search_stats.h), or NULL when that is not known, and
   then it asks for all of them. */
#define SEARCH_JUNCTIONS \
    "(cardinality(ct_search_junctions(lower($2::text))) = 0" \
    " OR c.search_junctions @> ct_search_keys(ct_search_junctions(lower($2::text)), $7::text[]))"
#define SEARCH_KIND \
    "($1::text IS NULL OR c.status = $1) AND ($3::text IS NULL OR lower(c.language) = lower($3))"
#define SEARCH_RANGE \
    "(c.published OR $4::boolean) AND ($5::bigint IS NULL OR c.id < $5::bigint)"

/* The search, in two steps. First the page's ids ($6 of them at most), in
   one statement that tries two ways and never lets PostgreSQL guess
   between them (its guess of how many claims contain q cannot know which
   of them are published, and a wrong one walked half a million claims for
   a name in 15 of them: seconds):
   - walked: down the newest $8 claims the asker may see (CT_SEARCH_WALK,
     or none when the statistics show it would most likely not fill the
     page: ct_search_walk_length), each
     checked against q and the kind asked, until the page is full (OFFSET 0
     keeps it one subquery, run once, where it is read twice). A word
     in the news fills it in a few milliseconds, and then that is the page.
     So it is, too, when the walk saw every claim there is to see (none
     past the first $8: a small archive, the last pages);
   - else the index, read whole (MATERIALIZED: the plan cannot turn it
     into a walk down the table), and its newest $6: for a q that is rare
     among recent claims. The junction index when q has junctions (a
     phrase: where its words meet is rarer than any of its words), else the
     trigram index; PostgreSQL picks, or intersects the two, by what its
     statistics say of each. Evaluated only then: PostgreSQL runs a CTE
     when it is first read. The index step is asked for q alone, and the
     kind, the asker's claims and the cursor are kept from what it found:
     given "published" too, PostgreSQL intersected the trigram index with
     the partial index of published claims, a bitmap of every published
     claim (at a million claims, 466,681 entries and 91 ms, for "Сары-Арка"
     in 21,802 claims under review and 12 published, against 17 ms to read
     the 21,802 and keep the 12), and a cursor could do the same with the
     primary key.
   Run with ct_exec_oneshot_text, planned for the values given (the
   index's plan depends on q); the representation of the page is then
   prepared. */
const ct_stmt ct_stmt_claim_search = {"ct_claim_search",
    "WITH indexed AS MATERIALIZED ("
    "  SELECT c.id, c.status, c.language, c.published FROM ct_claims c"
    "   WHERE " SEARCH_MATCH " AND " SEARCH_JUNCTIONS ")"
    " SELECT (CASE WHEN cardinality(walked.ids) >= $6::int THEN walked.ids"
    "              WHEN NOT EXISTS (SELECT FROM ct_claims c WHERE " SEARCH_RANGE
    "                                ORDER BY c.id DESC OFFSET $8::int LIMIT 1)"
    "              THEN walked.ids"
    "              ELSE (SELECT COALESCE(array_agg(i.id ORDER BY i.id DESC), '{}')"
    "                      FROM (SELECT c.id FROM indexed c WHERE " SEARCH_KIND " AND " SEARCH_RANGE
    "                             ORDER BY c.id DESC LIMIT $6::int) i)"
    "         END)::text"
    " FROM (SELECT ARRAY("
    "         SELECT w.id FROM (SELECT c.id, (" SEARCH_MATCH ") AND " SEARCH_KIND " AS hit"
    "                             FROM ct_claims c WHERE " SEARCH_RANGE
    "                            ORDER BY c.id DESC LIMIT $8::int) w"
    "          WHERE w.hit ORDER BY w.id DESC LIMIT $6::int) AS ids OFFSET 0) walked", 8};

/* The cursor of a search's page: the last of the ids the search found
   ($1) when it found as many as asked ($3), so that a claim unpublished
   between the two steps does not end the pages early. */
#define SEARCH_PAGE_CURSOR \
    "CASE WHEN cardinality($1::bigint[]) = $3::int" \
    " THEN ($1::bigint[])[cardinality($1::bigint[])]::text END"

/* The page of the claims $1 (ids, newest first), $2 staff, $3 the limit
   asked, composed: what a standby answers (it can keep nothing). */
static const ct_stmt stmt_claim_page = {"ct_claim_page",
    "SELECT json_build_object("
    "  'claims', COALESCE(json_agg(" CLAIM_JSON("c", "$2::boolean") " ORDER BY c.id DESC), '[]'),"
    "  'next_cursor', " SEARCH_PAGE_CURSOR ")::text"
    " FROM (SELECT * FROM ct_claims c WHERE c.id = ANY ($1::bigint[])"
    "        AND (c.published OR $2::boolean)) c", 3};

/* The same page on the primary, each claim's answer as GET /claims/{id}
   keeps it (sql/029): read back where it is kept for variant $4 and
   nothing it was made from has changed, else composed and kept, in the
   same statement and snapshot as the versions it is kept at. Composing
   was most of a search's time (2.5 ms for a page of 20 claims at a
   million). The page is written as stmt_claim_page's json_build_object
   and json_agg write it, byte for byte ("{\"claims\" : [a, b],
   \"next_cursor\" : \"7\"}"; tests/test_claims.c compares the two), from
   the answers' text: casting each to json again to aggregate it would
   parse what PostgreSQL wrote, 0.45 ms a page. Kept in the order of the claims'
   ids, as every page keeps them, so that two searches keeping the same
   claims wait for each other rather than deadlock; and, as stmt_claim_keep
   does, two expired answers of other claims or variants go for each one
   kept. */
static const ct_stmt stmt_claim_page_kept = {"ct_claim_page_kept",
    "WITH page AS MATERIALIZED ("
    "  SELECT c.id, k.body AS kept,"
    "         CASE WHEN k.body IS NULL THEN " CLAIM_JSON("c", "$2::boolean") "::text END AS composed"
    "    FROM ct_claims c LEFT JOIN LATERAL ("
    "         SELECT r.body FROM ct_claim_renders r"
    "          WHERE r.claim_id = c.id AND r.variant = $4 || '@' || ct_time_zone()"
    "            AND r.version = " CLAIM_VERSION("c.id") " AND r.desk_version = " DESK_VERSION ") k"
    "         ON true"
    "   WHERE c.id = ANY ($1::bigint[]) AND (c.published OR $2::boolean)),"
    " expired AS (DELETE FROM ct_claim_renders e WHERE e.ctid = ANY (ARRAY("
    "   SELECT x.ctid FROM ct_claim_renders x"
    "    WHERE x.kept_at < now() - ct_kept_answer_lifetime()"
    "      AND NOT (x.claim_id = ANY ($1::bigint[]) AND x.variant = $4 || '@' || ct_time_zone())"
    "    ORDER BY x.kept_at"
    "    LIMIT 2 * (SELECT count(*) FROM page p WHERE p.composed IS NOT NULL)"
    "    FOR UPDATE SKIP LOCKED))),"
    " keep AS (INSERT INTO ct_claim_renders (claim_id, variant, version, desk_version, body,"
    "                                        last_modified)"
    "   SELECT p.id, $4 || '@' || ct_time_zone(), " CLAIM_VERSION("p.id") ", " DESK_VERSION ","
    "          p.composed, " CLAIM_LAST_MODIFIED("p.id")
    "     FROM page p WHERE p.composed IS NOT NULL ORDER BY p.id"
    "   ON CONFLICT (claim_id, variant) DO UPDATE SET version = EXCLUDED.version,"
    "     desk_version = EXCLUDED.desk_version, body = EXCLUDED.body,"
    "     last_modified = EXCLUDED.last_modified, kept_at = now())"
    " SELECT '{\"claims\" : ['"
    "        || COALESCE(string_agg(COALESCE(p.kept, p.composed), ', ' ORDER BY p.id DESC), '')"
    "        || '], \"next_cursor\" : ' || COALESCE(to_json(" SEARCH_PAGE_CURSOR ")::text, 'null')"
    "        || '}'"
    " FROM page p", 4};

const ct_stmt ct_stmt_claim_lock = {"ct_claim_lock",
    "SELECT status, version, rating, published, rating_as_written FROM ct_claims"
    " WHERE id = $1::bigint FOR UPDATE", 1};

const ct_stmt ct_stmt_article_lock = {"ct_article_lock",
    "SELECT pg_advisory_xact_lock(" CT_ARTICLE_LOCK_CLASS ", hashtext($1))", 1};

static const ct_stmt stmt_mention_insert = {"ct_mention_insert",
    "INSERT INTO ct_mentions (claim_id, article_id, article_url, quote_exact,"
    " quote_prefix, quote_suffix, created_by, position_start, position_end)"
    " VALUES ($1::bigint, $2, $3, $4, COALESCE($5, ''), COALESCE($6, ''), $7,"
    "         $8::int, $9::int) RETURNING id", 9};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_claims_sql[] = {
    &stmt_claim_create, &stmt_claim_json, &stmt_claim_kept, &stmt_claim_keep, &stmt_claim_list,
    &stmt_claim_page, &stmt_claim_page_kept, &ct_stmt_claim_lock, &ct_stmt_article_lock, &stmt_mention_insert, NULL};


/* Lock the claim row so that concurrent changes to it serialise. */
static ct_rc claim_lock(ct_conn *conn, const char *claim_id, ct_error *err)
{
    ct_rows *rows = NULL;
    ct_rc rc = ct_exec(conn, &ct_stmt_claim_lock, 1, &claim_id, &rows, err);

    if (rc == CT_OK && ct_rows_count(rows) == 0)
        rc = ct_fail(err, CT_ENOTFOUND, "not_found", NULL, "no such claim");
    ct_rows_free(rows);
    return rc;
}

static ct_rc mention_insert(ct_conn *conn, const char *claim_id, const ct_mention_input *in,
                            const ct_actor *actor, ct_error *err)
{
    const char *params[9] = {claim_id, in->article_id, in->article_url, in->quote.exact,
                             in->quote.prefix, in->quote.suffix, actor->id, in->start, in->end};
    json_object *payload = NULL;
    ct_rc rc = ct_exec(conn, &stmt_mention_insert, 9, params, NULL, err);

    if (rc != CT_OK)
        return rc;
    payload = ct_jnew_object();
    if (payload == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    ct_jset(payload, "article_id", ct_jnew_string(in->article_id));
    ct_jset(payload, "exact", ct_jnew_string(in->quote.exact));
    if (in->method)
        ct_jset(payload, "method", ct_jnew_string(in->method));
    rc = ct_timeline_append(conn, claim_id, "mention_added", NULL, actor, payload, err);
    json_object_put(payload);
    return rc;
}

ct_rc ct_claim_create(ct_conn *conn, const ct_claim_input *in, const ct_actor *actor,
                      char **claim_id_out, ct_error *err)
{
    const ct_mention_input *m = in->has_mention ? &in->mention : NULL;
    char *form = ct_lexicon_normalize(in->language, in->text, strlen(in->text));
    const char *params[18] = {
        in->text, in->claimant_name, in->claimant_role, in->venue, in->said_at,
        in->language, in->source_url, actor->id, actor->role,
        m ? m->article_id : NULL, m ? m->article_url : NULL, m ? m->quote.exact : NULL,
        m ? m->quote.prefix : NULL, m ? m->quote.suffix : NULL,
        m ? m->start : NULL, m ? m->end : NULL, in->claimant_type, form};
    ct_rc rc = form ? CT_OK : ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");

    /* The claim, its claim_recorded event and its mention with a
       mention_added event are one statement (see statements.c). */
    if (rc == CT_OK)
        rc = ct_exec_text(conn, &stmt_claim_create, 18, params, "claim", claim_id_out, err);
    free(form);
    return rc;
}

ct_rc ct_mention_add(ct_conn *conn, const char *claim_id, const ct_mention_input *in,
                     const ct_actor *actor, ct_error *err)
{
    ct_rc rc = ct_exec(conn, &ct_stmt_article_lock, 1, &in->article_id, NULL, err);
    if (rc == CT_OK)
        rc = claim_lock(conn, claim_id, err);
    if (rc != CT_OK)
        return rc;
    return mention_insert(conn, claim_id, in, actor, err);
}

ct_rc ct_claim_json(ct_conn *conn, const char *claim_id, bool include_unpublished,
                    char **json_out, ct_error *err)
{
    const char *params[2] = {claim_id, include_unpublished ? "true" : "false"};
    return ct_exec_text(conn, &stmt_claim_json, 2, params, "claim", json_out, err);
}

/* ---- a claim kept ready-made for its readers (sql/029) -------------------- */

/* This build's composition (the Makefile's SHA-256 of the files answers
   are made from, this one among them; see render/notices.c), so two
   builds that write a claim differently never serve each other's. */
#ifndef CT_COMPOSITION_ID
#define CT_COMPOSITION_ID "compiled " __DATE__ " " __TIME__
#endif
static const char *const variant_staff = "claim staff " CT_COMPOSITION_ID;
static const char *const variant_reader = "claim reader " CT_COMPOSITION_ID;

void ct_http_date_copy(const char *value, char out[CT_HTTP_DATE_SIZE])
{
    bool whole = value != NULL && strlen(value) == CT_HTTP_DATE_SIZE - 1;
    memcpy(out, whole ? value : "", whole ? CT_HTTP_DATE_SIZE : 1);
}

/* Compose the claim into *json_out, with its Last-Modified, and keep it
   under variant (NULL: not kept, on a standby). A claim the caller may
   not see is CT_ENOTFOUND, as for ct_claim_json; a failure to keep only
   costs the next reader the composing. */
static ct_rc compose_and_keep(ct_conn *conn, const char *const params[2], const char *variant,
                              char **json_out, char last_modified[CT_HTTP_DATE_SIZE],
                              ct_error *err)
{
    ct_rows *rows = NULL;
    ct_error ignored;
    ct_rc rc = ct_exec(conn, &stmt_claim_json, 2, params, &rows, err);

    if (rc == CT_OK && (ct_rows_count(rows) == 0 || ct_rows_get(rows, 0, 0) == NULL))
        rc = ct_fail(err, CT_ENOTFOUND, "not_found", NULL, "no such claim");
    if (rc == CT_OK && (*json_out = strdup(ct_rows_get(rows, 0, 0))) == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    if (rc == CT_OK)
        ct_http_date_copy(ct_rows_get(rows, 0, 3), last_modified);
    if (rc == CT_OK && variant != NULL) {
        const char *keep[6] = {params[0], variant, ct_rows_get(rows, 0, 1),
                               ct_rows_get(rows, 0, 2), *json_out, ct_rows_get(rows, 0, 3)};
        ct_exec(conn, &stmt_claim_keep, 6, keep, NULL, &ignored);
    }
    ct_rows_free(rows);
    return rc;
}

/* The answer kept for kept (claim and variant) with its Last-Modified,
   or false: none, or made before a change. A failure to read one is no
   failure of the request: the answer is composed. */
static bool read_kept(ct_conn *conn, const char *const kept[2], char **json_out,
                      char last_modified[CT_HTTP_DATE_SIZE])
{
    ct_rows *rows = NULL;
    ct_error ignored;
    bool found = ct_exec(conn, &stmt_claim_kept, 2, kept, &rows, &ignored) == CT_OK
                 && ct_rows_count(rows) == 1 && ct_rows_get(rows, 0, 0) != NULL
                 && (*json_out = strdup(ct_rows_get(rows, 0, 0))) != NULL;

    if (found)
        ct_http_date_copy(ct_rows_get(rows, 0, 1), last_modified);
    ct_rows_free(rows);
    return found;
}

ct_rc ct_claim_read(ct_conn *conn, const char *claim_id, bool include_unpublished,
                    char **json_out, char last_modified[CT_HTTP_DATE_SIZE], ct_error *err)
{
    const char *params[2] = {claim_id, include_unpublished ? "true" : "false"};
    const char *kept[2] = {claim_id, include_unpublished ? variant_staff : variant_reader};
    bool on_standbys = ct_conn_on_standbys(conn);

    *json_out = NULL;
    last_modified[0] = '\0';
    if (!on_standbys && read_kept(conn, kept, json_out, last_modified))
        return CT_OK;
    return compose_and_keep(conn, params, on_standbys ? NULL : kept[1], json_out,
                            last_modified, err);
}

int ct_search_walk_length(const ct_search_bound *bound, int limit)
{
    bool page_unlikely = bound->share * CT_SEARCH_WALK < limit;
    bool index_bounded = bound->claims > 0
                         && bound->share * bound->claims <= CT_SEARCH_UNWALKED_MAX;
    return page_unlikely && index_bounded ? 0 : CT_SEARCH_WALK;
}

/* The search's two statements (ct_stmt_claim_search, then stmt_claim_page)
   for params, the first six of stmt_claim_list's, with the junctions of q
   that stats knows to be common and the walk they call for. */
static ct_rc claim_search(ct_conn *conn, ct_search_stats *stats, const char *params[6],
                          int limit, char **json_out, ct_error *err)
{
    ct_buf common = CT_BUF_INIT;
    char *ids = NULL, walk[16];
    ct_search_bound bound = {1, 0};
    ct_rc rc = stats ? ct_search_stats_refresh(stats, conn, err) : CT_OK;
    bool known = rc == CT_OK && stats
                 && ct_search_stats_common(stats, params[1], &common, &bound);
    int walk_length = ct_search_walk_length(&bound, limit);
    const char *search[8] = {params[0], params[1], params[2], params[3], params[4], params[5],
                             known ? common.data : NULL, walk};

    snprintf(walk, sizeof walk, "%d", walk_length);
    if (rc == CT_OK && known && common.failed)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    if (rc == CT_OK)
        rc = ct_exec_oneshot_text(conn, &ct_stmt_claim_search, 8, search, "page", &ids, err);
    if (rc == CT_OK && walk_length == 0)
        ct_search_stats_count_unwalked(stats);
    if (rc == CT_OK) {
        bool staff = strcmp(params[3], "true") == 0;
        const char *page[4] = {ids, params[3], params[5], staff ? variant_staff : variant_reader};
        const ct_stmt *compose = ct_conn_on_standbys(conn) ? &stmt_claim_page : &stmt_claim_page_kept;
        rc = ct_exec_text(conn, compose, compose->nparams, page, "page", json_out, err);
    }
    free(ids);
    ct_buf_free(&common);
    return rc;
}

ct_rc ct_claim_list(ct_conn *conn, const ct_claim_filter *filter, ct_search_stats *stats,
                    char **json_out, ct_error *err)
{
    char limit[16];
    const char *params[6] = {filter->status, filter->query, filter->language,
                             filter->include_unpublished ? "true" : "false",
                             filter->before_id, limit};

    snprintf(limit, sizeof limit, "%d", filter->limit);
    if (filter->query == NULL)
        return ct_exec_text(conn, &stmt_claim_list, 6, params, "page", json_out, err);
    return claim_search(conn, stats, params, filter->limit, json_out, err);
}
