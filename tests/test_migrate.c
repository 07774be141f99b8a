/*
 * test_migrate.c -- src/store/migrate.c: open() migrates a fresh database into
 * the plugin's own schema; four hosts opening one fresh database at once
 * all succeed with each migration applied once; re-opening changes
 * nothing; a database migrated by a newer plugin is refused with a clear
 * message; another tool's public.schema_migrations is left alone; a
 * database set up by the release that kept everything in public is moved
 * into the schema with every row; every constraint has a name of its own,
 * each CHECK of 006_invariants.sql refuses the row it is there to refuse,
 * rows earlier releases wrote pass them, every table has a COMMENT, and
 * every foreign key's columns lead an index (or are exempt, with the reason).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/claim_json.h"
#include "testhost.h"

static char dbname[64];
static char config[1024];

static void constraints_named(void);

static void fresh_database(void)
{
    th_new_empty_database("ct_migrate", dbname, sizeof dbname);
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":2}",
             th_db(), dbname);
}

static void *open_close(void *arg)
{
    char *error = NULL;
    void *inst = th_plugin()->open(NULL, config, &error);
    *(int *)arg = inst != NULL;
    if (error)
        fprintf(stderr, "open: %s\n", error);
    th_plugin()->free_string(error);
    th_plugin()->close(inst);
    return NULL;
}

/* A fresh database migrated by this plugin, then taken back to an earlier
   release's state by before (SQL: what later migrations made undone, and
   the rows that release wrote). */
static void desk_before(const char *before)
{
    int ok = 0;
    fresh_database();
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    ck_assert_str_eq(th_sql_exec_on(dbname, before), "");
}

/* Open the database again, as an upgraded plugin would: the migrations
   after the earlier release run. */
static void reopen(void)
{
    int ok = 0;
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
}

/* A digest of the fresh database's schema: tables, columns, functions, triggers. */
static const char SCHEMA_DIGEST[] =
    "SELECT left(md5(string_agg(x, ',' ORDER BY x)), 7) FROM ("
    " SELECT table_name || '.' || column_name || ':' || data_type AS x"
    "   FROM information_schema.columns WHERE table_schema = 'claimtrack'"
    " UNION ALL SELECT proname FROM pg_proc WHERE pronamespace = 'claimtrack'::regnamespace"
    " UNION ALL SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    " UNION ALL SELECT version || name FROM schema_migrations) s";

START_TEST(concurrent_opens_of_a_fresh_database)
{
    pthread_t threads[4];
    int ok[4] = {0};
    fresh_database();
    for (int i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, open_close, &ok[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(ok[i], 1);
    /* each migration recorded exactly once, and the last one is the plugin's */
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) - count(DISTINCT version) FROM schema_migrations"), "0");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) = max(version) AND count(*) > 0 FROM schema_migrations"), "t");
}
END_TEST

START_TEST(reopening_changes_nothing)
{
    char before[8];
    int ok = 0;
    fresh_database();
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    snprintf(before, sizeof before, "%s", th_sql_exec_on(dbname, SCHEMA_DIGEST));
    ck_assert_int_eq((int)strlen(before), 7);
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    ck_assert_str_eq(th_sql_exec_on(dbname, SCHEMA_DIGEST), before);
}
END_TEST

START_TEST(a_newer_database_is_refused)
{
    char *error = NULL;
    int ok = 0;
    fresh_database();
    open_close(&ok);
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')"), "");
    void *inst = th_plugin()->open(NULL, config, &error);
    ck_assert_ptr_null(inst);
    ck_assert_msg(error && strstr(error, "newer"), "message: %s", error ? error : "(null)");
    th_plugin()->free_string(error);
}
END_TEST

/* ---- the plugin's own schema -------------------------------------------------- */

/* What public holds: tables and functions, one text. */
static const char PUBLIC_OBJECTS[] =
    "SELECT COALESCE(string_agg(x, ',' ORDER BY x), '') FROM ("
    " SELECT relname::text AS x FROM pg_class WHERE relnamespace = 'public'::regnamespace"
    "   AND relkind IN ('r', 'p')"
    " UNION ALL SELECT proname::text FROM pg_proc WHERE pronamespace = 'public'::regnamespace) s";

START_TEST(another_tools_schema_migrations_is_left_alone)
{
    int ok = 0;
    fresh_database();
    /* Rails' table: version as text, no name */
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "CREATE TABLE public.schema_migrations (version varchar PRIMARY KEY);"
        "INSERT INTO public.schema_migrations VALUES ('20240101120000'), ('20240215093000')"), "");
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT string_agg(version, ',' ORDER BY version) = '20240101120000,20240215093000'"
        " FROM public.schema_migrations"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT count(*) FROM public.schema_migrations"), "2");
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT (" "SELECT COALESCE(string_agg(x, ',' ORDER BY x), '') FROM ("
        " SELECT relname::text AS x FROM pg_class WHERE relnamespace = 'public'::regnamespace"
        "   AND relkind IN ('r', 'p')"
        " UNION ALL SELECT proname::text FROM pg_proc WHERE pronamespace = 'public'::regnamespace) s"
        ") = 'schema_migrations'"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) > 4 FROM claimtrack.schema_migrations"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT to_regclass('claimtrack.ct_claims') IS NOT NULL"), "t");
}
END_TEST

/* Run the migration file path (relative to the top of the checkout) on
   dbname as a release applied it, and record it in schema's
   schema_migrations as version. */
static void apply_file(const char *schema, const char *path, int version)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot read %s (run from the top of the checkout)", path);
    char *sql = calloc(1, 1 << 16), record[160];
    ck_assert_uint_gt(fread(sql, 1, (1 << 16) - 1, f), 0);
    fclose(f);
    ck_assert_msg(strcmp(th_sql_exec_on(dbname, sql), "") == 0, "%s failed", path);
    free(sql);
    snprintf(record, sizeof record, "INSERT INTO %s.schema_migrations (version, name)"
             " VALUES (%d, '%s')", schema, version, path + 4);
    ck_assert_str_eq(th_sql_exec_on(dbname, record), "");
}

/* The release before the schema: sql/001-003 applied in public. */
static void earlier_release(void)
{
    static const char *const files[] = {"sql/001_core.sql", "sql/002_readers.sql",
                                        "sql/003_outbound.sql"};
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "CREATE TABLE public.schema_migrations (version integer PRIMARY KEY,"
        " name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"), "");
    for (int i = 0; i < 3; i++)
        apply_file("public", files[i], i + 1);
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "INSERT INTO public.ct_claims (text, claimant_name, said_at, language, created_by,"
        " source_url, status, rating, published, published_at)"
        " VALUES ('Преступность как в Каракасе', 'Депутат', '2025-12-01', 'ru', 'u1',"
        "         'https://example.kz/a', 'rebutted', 'False', true, '2025-12-23');"
        "INSERT INTO public.ct_responses (claim_id, kind, by_name, issued_at, summary,"
        " created_by, url) VALUES (1, 'rebuttal', 'Полиция', '2025-12-01', 'Опровергли', 'u1',"
        " 'https://police.example.kz/s');"
        "INSERT INTO public.ct_mentions (claim_id, article_id, quote_exact, quote_prefix,"
        " created_by, position_start, position_end)"
        " VALUES (1, 'a-1', 'как в Каракасе', 'Преступность ', 'u1', 13, 27);"
        "INSERT INTO public.ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
        " VALUES (1, 'claim_recorded', '2025-12-01', 'u1', 'editor', '{\"status\":\"disputed\"}'),"
        "        (1, 'published', '2025-12-23', 'u2', 'moderator', '{}');"
        "INSERT INTO public.ct_imports (review_url, claim_id, reviewer)"
        " VALUES ('HTTP://AFP.example:80/review/1/?utm_source=x&id=7#top', 1, 'AFP'),"
        "        ('https://afp.example/review/1?id=7', 1, 'AFP')"), "");
}

/* A digest of every row of table in schema, less the columns later
   migrations added (schema "public" or "claimtrack"). */
static void table_digest(const char *schema, const char *table, char *out, size_t size)
{
    char sql[768];
    snprintf(sql, sizeof sql,
        "SELECT left(md5(COALESCE(string_agg(x::text, ',' ORDER BY x::text), '')), 7) FROM ("
        " SELECT to_jsonb(t) - ARRAY['anchor_method', 'anchor_score', 'claimant_type',"
        "   'canonical_url', 'review_key', 'checkpoint_id', 'match_terms', 'match_keys', 'match_text',"
        "   'match_version', 'rating_as_written', 'review_requested_at',"
        "   'match_content', 'search_junctions', 'search_text', 'said_on', 'issued_on']"
        "   - CASE WHEN '%s' = 'ct_imports' AND '%s' = 'claimtrack'"
        "   THEN 'id' ELSE '' END AS x FROM %s.%s t) s", table, schema, schema, table);
    snprintf(out, size, "%s", th_sql_exec_on(dbname, sql));
}

START_TEST(an_earlier_release_in_public_is_moved_with_every_row)
{
    static const char *const tables[] = {"ct_claims", "ct_responses", "ct_mentions", "ct_events",
                                         "ct_imports", "ct_evidence", "ct_outbox"};
    char before[7][8], after[8], claim[160];
    int ok = 0;

    fresh_database();
    earlier_release();
    for (int i = 0; i < 7; i++)
        table_digest("public", tables[i], before[i], sizeof before[i]);
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT count(*) FROM public.ct_evidence"), "2");

    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    for (int i = 0; i < 7; i++) {
        table_digest("claimtrack", tables[i], after, sizeof after);
        ck_assert_msg(strcmp(after, before[i]) == 0, "%s: rows changed", tables[i]);
    }
    /* earlier imports get the identity the importer now computes; two
       spellings of one review stay two rows */
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT bool_and(canonical_url = 'https://afp.example/review/1?id=7')"
        " AND min(review_key) = encode(sha256(convert_to('Преступность как в Каракасе' || E'\\n'"
        "     || 'Депутат', 'UTF8')), 'hex')"
        " AND count(DISTINCT review_key) = 2 FROM claimtrack.ct_imports"), "t");
    /* nothing of claimtrack's is left in public */
    ck_assert_str_eq(th_sql_exec_on(dbname, PUBLIC_OBJECTS), "");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT array_agg(version ORDER BY version) = (SELECT array_agg(g) FROM"
        " generate_series(1, (SELECT max(version) FROM claimtrack.schema_migrations)) g)"
        " AND min(version) = 1 AND max(version) >= 5 FROM claimtrack.schema_migrations"), "t");
    /* the moved claim is served, the append-only rule still holds */
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT count(*) FROM claimtrack.ct_events"), "2");
    ck_assert_str_eq(th_sql_exec_on(dbname, "DELETE FROM claimtrack.ct_events"), "E42501");
    /* and its constraints carry the names a fresh database's have */
    constraints_named();
    snprintf(claim, sizeof claim, "{\"database\":\"%s dbname=%s\",\"pool_size\":1}", th_db(), dbname);
    char *error = NULL;
    void *inst = th_plugin()->open(NULL, claim, &error);
    ck_assert_ptr_nonnull(inst);
    char *resp = th_plugin()->handle(inst, "{\"method\":\"GET\",\"path\":\"/claims/1\"}");
    ck_assert_ptr_nonnull(strstr(resp, "Преступность как в Каракасе"));
    ck_assert_ptr_nonnull(strstr(resp, "\"status\":200"));
    th_plugin()->free_string(resp);
    th_plugin()->close(inst);
}
END_TEST

START_TEST(the_schema_is_configurable)
{
    char *error = NULL;
    fresh_database();
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":1,"
             "\"schema\":\"factcheck\"}", th_db(), dbname);
    void *inst = th_plugin()->open(NULL, config, &error);
    ck_assert_ptr_nonnull(inst);
    th_plugin()->close(inst);
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT to_regclass('factcheck.ct_claims') IS NOT NULL"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT to_regclass('claimtrack.ct_claims') IS NULL"), "t");
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"schema\":\"Bad-Name\"}",
             th_db(), dbname);
    inst = th_plugin()->open(NULL, config, &error);
    ck_assert_ptr_null(inst);
    ck_assert_msg(error && strstr(error, "schema"), "%s", error ? error : "(null)");
    th_plugin()->free_string(error);
}
END_TEST

/* ---- names, invariants and comments (006_invariants.sql) ------------------- */

/* The constraints of dbname's claimtrack schema all have names of their own:
   no CHECK, foreign key, unique or exclusion constraint has a name the way
   PostgreSQL makes one up (<table>_<column>_check, <table>_check,
   <table>_<column>_fkey, ...), each starts with its table's name, primary
   keys are <table>_pkey, and all are validated. (NOT NULL, which PostgreSQL
   18 also lists in pg_constraint, is left out.) */
static void constraints_named(void)
{
    static const char *const foreign_keys[] = {
        "ct_responses_claim_ref", "ct_mentions_claim_ref", "ct_events_claim_ref",
        "ct_imports_claim_ref", "ct_evidence_claim_ref", "ct_evidence_response_ref",
        "ct_outbox_event_ref", NULL};
    char sql[512];

    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) > 40 FROM pg_constraint"
        " WHERE connamespace = 'claimtrack'::regnamespace AND contype <> 'n'"), "t");
    ck_assert_msg(strcmp(th_sql_exec_on(dbname,
        "SELECT count(*) FROM pg_constraint"
        " WHERE connamespace = 'claimtrack'::regnamespace AND contype IN ('c', 'f', 'u', 'x')"
        "   AND conname ~ '_(check|fkey|key|excl)[0-9]*$'"), "0") == 0,
        "a constraint has a name PostgreSQL made up: name it where it is declared");
    ck_assert_msg(strcmp(th_sql_exec_on(dbname,
        "SELECT count(*) FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid"
        " WHERE k.connamespace = 'claimtrack'::regnamespace AND k.contype <> 'n'"
        "   AND (k.conname NOT LIKE replace(t.relname, '_', '\\_') || '\\_%'"
        "        OR (k.contype = 'p' AND k.conname <> t.relname || '_pkey'))"), "0") == 0,
        "a constraint's name does not start with its table's name, or a primary key"
        " is not <table>_pkey");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) FROM pg_constraint"
        " WHERE connamespace = 'claimtrack'::regnamespace AND NOT convalidated"), "0");
    for (int i = 0; foreign_keys[i]; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_constraint"
                 " WHERE connamespace = 'claimtrack'::regnamespace AND contype = 'f'"
                 "   AND conname = '%s'", foreign_keys[i]);
        ck_assert_msg(strcmp(th_sql_exec_on(dbname, sql), "1") == 0, "no %s", foreign_keys[i]);
    }
}

/*
 * One valid row in every table (a published verdict with its source
 * archived, a response, an orphaned and a found mention, a system event, an
 * import, a delivered webhook), inserted the way raw SQL would; the cases
 * below each break one rule of such a row.
 */
static const char VALID_ROWS[] =
    "INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by, source_url,"
    " status, rating, published, published_at)"
    " VALUES ('Crime is as in Caracas', 'A deputy', '2025-12-01', 'en', 'u1',"
    "         'https://example.kz/a', 'rebutted', 'False', true, '2025-12-23');"
    "INSERT INTO ct_responses (claim_id, kind, by_name, by_role, issued_at, summary, url,"
    " created_by) VALUES (1, 'rebuttal', 'Police', '', '2025-12-02', 'Refuted',"
    " 'https://police.example.kz/s', 'u1');"
    "INSERT INTO ct_mentions (claim_id, article_id, quote_exact, created_by, position_start,"
    " position_end, orphaned, anchored_at, anchor_method, anchor_score)"
    " VALUES (1, 'a-1', 'as in Caracas', 'u1', 9, 22, false, now(), 'exact', 1),"
    "        (1, 'a-1', 'as in Caracas', 'u1', 9, 22, true, now(), 'orphaned', 0.4),"
    "        (1, 'a-2', 'as in Caracas', 'u1', NULL, NULL, false, NULL, NULL, NULL);"
    "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
    " VALUES (1, 'evidence_archived', now(), 'claimtrack', 'system', '{}');"
    "INSERT INTO ct_imports (review_url, canonical_url, review_key, reviewer, claim_id)"
    " VALUES ('HTTP://AFP.example/r/1/', 'https://afp.example/r/1', repeat('0a', 32), 'AFP', 1);"
    "UPDATE ct_evidence SET status = 'archived', attempts = 1, http_status = 200,"
    " final_url = url, content_type = 'text/html', title = 'Page', size = 2,"
    " sha256 = encode(sha256('hi'), 'hex'), body = 'hi', fetched_at = now() WHERE id = 1;"
    "INSERT INTO ct_outbox (event_id, claim_id, type, url, status, attempts, delivered_at)"
    " VALUES (1, 1, 'evidence.archived', 'https://hooks.example/in', 'delivered', 1, now())";

/* The beginnings of a row of each table, completed by each case. */
#define CLAIM    "INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by, "
#define RESPONSE "INSERT INTO ct_responses (claim_id, kind, by_name, issued_at, summary, "
#define MENTION  "INSERT INTO ct_mentions (claim_id, article_id, quote_exact, created_by, "
#define EVENT    "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)" \
                 " VALUES (1, 'note_added', now(), "
#define IMPORT   "INSERT INTO ct_imports (claim_id, reviewer, review_url, canonical_url, review_key)" \
                 " VALUES (1, 'AFP', "
#define EVIDENCE "INSERT INTO ct_evidence (claim_id, url, "
#define OUTBOX   "INSERT INTO ct_outbox (event_id, claim_id, type, url, "
#define LONG_URL "'https://example.org/' || repeat('a', 2029)"   /* 2049 bytes */
#define KEY      "repeat('0a', 32)"

static const struct refusal {
    const char *constraint;
    const char *sql;
} refusals[] = {
    {"ct_claims_status_known",
     CLAIM "status) VALUES ('t', 'n', now(), 'en', 'u1', 'true')"},
    {"ct_claims_language_length",
     CLAIM "status) VALUES ('t', 'n', now(), 'en-abcdefgh-abcdefgh-abcdefgh-abcdefgh', 'u1',"
     " 'disputed')"},
    {"ct_claims_source_url_length",
     CLAIM "source_url) VALUES ('t', 'n', now(), 'en', 'u1', " LONG_URL ")"},
    {"ct_claims_created_by_length",
     CLAIM "status) VALUES ('t', 'n', now(), 'en', '', 'disputed')"},
    {"ct_claims_published_at_when_published",
     CLAIM "status, rating, published) VALUES ('t', 'n', now(), 'en', 'u1', 'rebutted',"
     " 'False', true)"},
    {"ct_claims_published_at_when_published",
     CLAIM "status, rating, published_at) VALUES ('t', 'n', now(), 'en', 'u1', 'rebutted',"
     " 'False', now())"},
    {"ct_claims_published_verdict",
     CLAIM "status, rating, published, published_at) VALUES ('t', 'n', now(), 'en', 'u1',"
     " 'under_review', 'False', true, now())"},
    {"ct_claims_published_verdict",
     CLAIM "status, published, published_at) VALUES ('t', 'n', now(), 'en', 'u1', 'confirmed',"
     " true, now())"},

    {"ct_responses_kind_known",
     RESPONSE "created_by) VALUES (1, 'denial', 'b', now(), 's', 'u1')"},
    {"ct_responses_url_length",
     RESPONSE "created_by, url) VALUES (1, 'rebuttal', 'b', now(), 's', 'u1', " LONG_URL ")"},
    {"ct_responses_created_by_length",
     RESPONSE "created_by) VALUES (1, 'rebuttal', 'b', now(), 's', repeat('u', 201))"},

    {"ct_mentions_article_url_length",
     MENTION "article_url) VALUES (1, 'a', 'q', 'u1', " LONG_URL ")"},
    {"ct_mentions_created_by_length",
     MENTION "position_start) VALUES (1, 'a', 'q', '', NULL)"},
    {"ct_mentions_position_order",
     MENTION "position_start, position_end) VALUES (1, 'a', 'q', 'u1', 5, 3)"},
    {"ct_mentions_position_pair",
     MENTION "position_start, position_end) VALUES (1, 'a', 'q', 'u1', 3, NULL)"},
    {"ct_mentions_position_pair",
     MENTION "position_start, position_end) VALUES (1, 'a', 'q', 'u1', NULL, 3)"},
    {"ct_mentions_anchor_score_range",
     MENTION "position_start, position_end, anchored_at, anchor_method, anchor_score)"
     " VALUES (1, 'a', 'q', 'u1', 0, 1, now(), 'exact', 1.5)"},
    {"ct_mentions_anchor_pair",
     MENTION "position_start, position_end, anchored_at, anchor_method)"
     " VALUES (1, 'a', 'q', 'u1', 0, 1, now(), 'exact')"},
    {"ct_mentions_orphaned_method",
     MENTION "orphaned, anchored_at, anchor_method, anchor_score)"
     " VALUES (1, 'a', 'q', 'u1', true, now(), 'approximate', 0.8)"},
    {"ct_mentions_orphaned_method",
     MENTION "position_start, position_end, anchored_at, anchor_method, anchor_score)"
     " VALUES (1, 'a', 'q', 'u1', 0, 1, now(), 'orphaned', 0.2)"},
    {"ct_mentions_anchored_at_set",
     MENTION "orphaned) VALUES (1, 'a', 'q', 'u1', true)"},
    {"ct_mentions_anchored_at_set",
     MENTION "position_start, position_end, anchor_method, anchor_score)"
     " VALUES (1, 'a', 'q', 'u1', 0, 1, 'exact', 1)"},
    {"ct_mentions_found_positioned",
     MENTION "anchored_at, anchor_method, anchor_score) VALUES (1, 'a', 'q', 'u1', now(),"
     " 'context', 0.9)"},

    {"ct_events_type_known",
     "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role)"
     " VALUES (1, 'claim_deleted', now(), 'u1', 'editor')"},
    {"ct_events_actor_id_length", EVENT "'', 'editor', '{}')"},
    {"ct_events_actor_role_word", EVENT "'u1', 'Chief editor', '{}')"},
    {"ct_events_payload_object",  EVENT "'u1', 'editor', '[\"note\"]')"},

    {"ct_imports_review_url_http",    IMPORT "'ftp://afp.example/r', 'https://afp.example/r', " KEY ")"},
    {"ct_imports_review_url_length",  IMPORT LONG_URL ", 'https://afp.example/r', " KEY ")"},
    {"ct_imports_canonical_url_http", IMPORT "'https://afp.example/r', 'afp.example/r', " KEY ")"},
    {"ct_imports_review_key_digest",  IMPORT "'https://afp.example/r', 'https://afp.example/r',"
                                      " upper(" KEY "))"},
    {"ct_imports_reviewer_length",
     "INSERT INTO ct_imports (claim_id, reviewer, review_url, canonical_url, review_key)"
     " VALUES (1, '', 'https://afp.example/r', 'https://afp.example/r', " KEY ")"},

    {"ct_evidence_status_known",        EVIDENCE "status) VALUES (1, 'https://e.example/', 'lost')"},
    {"ct_evidence_url_http",            EVIDENCE "status) VALUES (1, 'file:///etc/passwd', 'pending')"},
    {"ct_evidence_url_length",          EVIDENCE "status) VALUES (1, " LONG_URL ", 'pending')"},
    {"ct_evidence_attempts_nonnegative", EVIDENCE "attempts) VALUES (1, 'https://e.example/', -1)"},
    {"ct_evidence_size_nonnegative",    EVIDENCE "size) VALUES (1, 'https://e.example/', -1)"},
    {"ct_evidence_sha256_hex",          EVIDENCE "sha256) VALUES (1, 'https://e.example/',"
                                        " upper(encode(sha256(''), 'hex')))"},
    {"ct_evidence_http_status_ok",      EVIDENCE "http_status) VALUES (1, 'https://e.example/', 404)"},
    {"ct_evidence_title_length",        EVIDENCE "title) VALUES (1, 'https://e.example/', '')"},
    {"ct_evidence_content_type_nonempty", EVIDENCE "content_type) VALUES (1, 'https://e.example/', '')"},
    {"ct_evidence_archived_complete",   EVIDENCE "status, http_status) VALUES (1, 'https://e.example/',"
                                        " 'archived', 200)"},
    {"ct_evidence_failed_explained",    EVIDENCE "status, attempts) VALUES (1, 'https://e.example/',"
                                        " 'failed', 3)"},
    {"ct_evidence_lease_pending",       EVIDENCE "status, error, lease_until) VALUES (1,"
                                        " 'https://e.example/', 'failed', 'timeout', now())"},

    {"ct_outbox_status_known",   OUTBOX "status) VALUES (1, 1, 'claim.recorded', 'https://h.example/', 'sent')"},
    {"ct_outbox_type_known",     OUTBOX "status) VALUES (1, 1, 'claim.deleted', 'https://h.example/', 'pending')"},
    {"ct_outbox_url_http",       OUTBOX "status) VALUES (1, 1, 'claim.recorded', 'mailto:a@h.example', 'pending')"},
    {"ct_outbox_url_length",     OUTBOX "status) VALUES (1, 1, 'claim.recorded', " LONG_URL ", 'pending')"},
    {"ct_outbox_attempts_nonnegative",
     OUTBOX "attempts) VALUES (1, 1, 'claim.recorded', 'https://h.example/', -1)"},
    {"ct_outbox_delivered_at_when_delivered",
     OUTBOX "status) VALUES (1, 1, 'claim.recorded', 'https://h.example/', 'delivered')"},
    {"ct_outbox_delivered_at_when_delivered",
     OUTBOX "delivered_at) VALUES (1, 1, 'claim.recorded', 'https://h.example/', now())"},
    {"ct_outbox_dead_explained",
     OUTBOX "status) VALUES (1, 1, 'claim.recorded', 'https://h.example/', 'dead')"},
    {"ct_outbox_lease_pending",
     OUTBOX "status, last_error, lease_until) VALUES (1, 1, 'claim.recorded', 'https://h.example/',"
     " 'dead', 'HTTP 500', now())"},
};

/* Run sql on dbname expecting a CHECK violation by constraint: "" when it
   was, "EP0001" when sql was accepted (and rolled back), "E23514" when
   another CHECK refused it, "E" + the SQLSTATE of any other error. */
static const char *refusal_of(const char *constraint, const char *sql)
{
    static char block[4096];
    snprintf(block, sizeof block,
             "DO $refusal$ DECLARE refused_by text; BEGIN %s;"
             " RAISE EXCEPTION 'accepted' USING ERRCODE = 'P0001';"
             " EXCEPTION WHEN check_violation THEN"
             "  GET STACKED DIAGNOSTICS refused_by = CONSTRAINT_NAME;"
             "  IF refused_by IS DISTINCT FROM '%s' THEN RAISE; END IF;"
             " END $refusal$", sql, constraint);
    return th_sql_exec_on(dbname, block);
}

START_TEST(every_constraint_has_a_name_of_its_own)
{
    int ok = 0;
    fresh_database();
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    constraints_named();
}
END_TEST

START_TEST(each_invariant_refuses_the_row_that_breaks_it)
{
    int ok = 0;
    fresh_database();
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    ck_assert_str_eq(th_sql_exec_on(dbname, VALID_ROWS), "");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) FROM ct_evidence WHERE status = 'archived'"), "1");
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        const char *got = refusal_of(refusals[i].constraint, refusals[i].sql);
        ck_assert_msg(strcmp(got, "") == 0,
                      "case %zu: %s did not refuse %s: %s (EP0001: accepted; E23514: another"
                      " CHECK refused it)", i, refusals[i].constraint, refusals[i].sql, got);
    }
    /* nothing the cases tried was kept */
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT (SELECT count(*) FROM ct_claims) + (SELECT count(*) FROM ct_mentions)"
        " + (SELECT count(*) FROM ct_events) + (SELECT count(*) FROM ct_outbox)"), "6");
}
END_TEST

START_TEST(every_table_and_time_has_a_comment)
{
    int ok = 0;
    fresh_database();
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) >= 8 FROM pg_class"
        " WHERE relnamespace = 'claimtrack'::regnamespace AND relkind IN ('r', 'p')"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) FROM pg_class WHERE relnamespace = 'claimtrack'::regnamespace"
        "   AND relkind IN ('r', 'p') AND COALESCE(obj_description(oid, 'pg_class'), '') = ''"), "0");
    /* the units: every time of the tables up to 006 says UTC, offsets say code points */
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
        " WHERE c.relnamespace = 'claimtrack'::regnamespace"
        "   AND c.relname IN ('schema_migrations', 'ct_claims', 'ct_responses', 'ct_mentions',"
        "                     'ct_events', 'ct_imports', 'ct_evidence', 'ct_outbox')"
        "   AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'timestamptz'::regtype"
        "   AND COALESCE(col_description(c.oid, a.attnum), '') NOT LIKE '%UTC%'"), "0");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) FROM pg_attribute WHERE attrelid = 'claimtrack.ct_mentions'::regclass"
        "   AND attname IN ('position_start', 'position_end')"
        "   AND col_description(attrelid, attnum) LIKE '%code points%'"), "2");
}
END_TEST

/* The foreign keys whose referencing columns lead no index, apart from
   those that may: a look-up by those columns is then a scan of the whole
   table, on every read that makes it (a claim's responses' archived
   sources, 017_evidence_by_response.sql) and on every delete of a
   referenced row. Exempt, since the rows they point at are kept for good
   (claims, timeline events, checkpoints are never deleted) and no
   statement looks their rows up by that column: */
#define FK_UNINDEXED_MAY "'ct_imports_claim_ref', 'ct_outbox_event_ref', 'ct_outbox_checkpoint_ref'"
#define FK_UNINDEXED \
    "SELECT count(*) FROM pg_constraint f" \
    " WHERE f.contype = 'f' AND f.connamespace = 'claimtrack'::regnamespace" \
    "   AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = f.conrelid" \
    "         AND (i.indkey::int2[])[0:cardinality(f.conkey) - 1] @> f.conkey" \
    "         AND (i.indkey::int2[])[0:cardinality(f.conkey) - 1] <@ f.conkey)" \
    "   AND f.conname NOT IN (" FK_UNINDEXED_MAY ")"

START_TEST(every_foreign_key_leads_an_index)
{
    int ok = 0;
    fresh_database();
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
        "   AND connamespace = 'claimtrack'::regnamespace"
        "   AND conname IN (" FK_UNINDEXED_MAY ")"), "3");
    ck_assert_msg(strcmp(th_sql_exec_on(dbname, FK_UNINDEXED), "0") == 0,
        "a foreign key leads no index: " FK_UNINDEXED);
    /* the rule sees what it is there to see */
    ck_assert_str_eq(th_sql_exec_on(dbname, "DROP INDEX claimtrack.ct_evidence_response_idx"), "");
    ck_assert_str_eq(th_sql_exec_on(dbname, FK_UNINDEXED), "1");
}
END_TEST

/* A database at schema 5 holding rows as every release wrote them: mentions
   orphaned before methods were kept (no method, no position) and after (a
   method, the last position), imports whose identity 005 could not compute,
   evidence archived, failed and in flight, webhook deliveries in every
   state, and one that a worker whose lease had run out marked failed after
   another had delivered it. */
static const char RELEASE_ROWS[] =
    "INSERT INTO ct_claims (text, claimant_name, claimant_role, venue, said_at, language,"
    " created_by, source_url, status, rating, published, published_at, version)"
    " VALUES ('Crime as in Caracas', 'Deputy', '', '', '2025-12-01', 'ru', 'u1',"
    "         'https://example.kz/a', 'rebutted', 'False', true, '2025-12-23', 3),"
    "        ('Imported', 'Unknown', NULL, NULL, '2025-11-01', 'en', 'importer', NULL,"
    "         'disputed', 'Mostly false', false, NULL, 2),"
    "        ('New', 'Minister', NULL, NULL, '2025-12-05', 'kk-Cyrl', 'u1', NULL,"
    "         'under_review', NULL, false, NULL, 2);"
    "INSERT INTO ct_responses (claim_id, kind, by_name, by_role, issued_at, summary, url,"
    " created_by) VALUES (1, 'rebuttal', 'Police', '', '2025-12-02', 'Refuted',"
    " 'https://police.example.kz/s', 'u1');"
    "INSERT INTO ct_mentions (claim_id, article_id, quote_exact, created_by, position_start,"
    " position_end, orphaned, anchored_at, anchor_method, anchor_score)"
    " VALUES (1, 'a-1', 'q', 'u1', 13, 27, false, NULL, NULL, NULL),"
    "        (1, 'a-1', 'q', 'u1', NULL, NULL, true, '2025-11-26', NULL, NULL),"
    "        (1, 'a-1', 'q', 'u1', 20, 34, false, '2025-11-26', NULL, NULL),"
    "        (1, 'a-2', 'q', 'u1', 40, 41, true, '2025-12-01', 'orphaned', 0.31),"
    "        (1, 'a-2', 'q', 'u1', 2, 3, false, '2025-12-01', 'approximate', 0.82),"
    "        (3, 'a-3', 'q', 'u1', NULL, NULL, false, NULL, NULL, NULL);"
    "INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)"
    " VALUES (1, 'claim_recorded', '2025-12-01', 'u1', 'editor', '{\"status\":\"disputed\"}'),"
    "        (1, 'evidence_archived', now(), 'claimtrack', 'system', '{\"evidence_id\":1}'),"
    "        (1, 'published', now(), 'u2', 'moderator', '{}');"
    "INSERT INTO ct_imports (review_url, claim_id, reviewer, canonical_url, review_key)"
    " VALUES ('HTTP://AFP.example/r/1', 2, 'AFP', 'https://afp.example/r/1', repeat('0a', 32)),"
    "        ('https://afp.example/r/1/', 2, 'AFP', 'https://afp.example/r/1',"
    "         repeat('0a', 32) || '#2'),"
    "        ('HTTP://old.example/r', NULL, 'Old', 'http://old.example/r', ''),"
    "        ('http://old.example/r/', NULL, 'Old', 'http://old.example/r', '#4');"
    "UPDATE ct_evidence SET status = 'archived', attempts = 1, http_status = 301,"
    " final_url = url, content_type = NULL, title = NULL, size = 0,"
    " sha256 = encode(sha256(''), 'hex'), body = '', truncated = false, fetched_at = now()"
    " WHERE id = 1;"
    "UPDATE ct_evidence SET status = 'failed', attempts = 4, error = 'HTTP 404' WHERE id = 2;"
    "INSERT INTO ct_evidence (claim_id, url, attempts, lease_until)"
    " VALUES (1, 'https://example.kz/b', 1, now() + interval '1 minute');"
    "INSERT INTO ct_outbox (event_id, claim_id, type, url, status, attempts, lease_until,"
    " last_error, delivered_at)"
    " VALUES (2, 1, 'evidence.archived', 'https://h.example/', 'delivered', 1, NULL, NULL, now()),"
    "        (3, 1, 'claim.published', 'https://h.example/', 'dead', 9, NULL, 'HTTP 500', NULL),"
    "        (3, 1, 'claim.published', 'https://i.example/', 'pending', 1, now(), NULL, NULL),"
    "        (1, 1, 'claim.recorded', 'https://h.example/', 'pending', 3, NULL, 'timeout', now()),"
    "        (1, 1, 'claim.recorded', 'https://i.example/', 'dead', 9, NULL, 'timeout', now())";

START_TEST(rows_every_release_wrote_meet_the_invariants)
{
    static const char *const files[] = {"sql/001_core.sql", "sql/002_readers.sql",
                                        "sql/003_outbound.sql", "sql/004_anchoring.sql",
                                        "sql/005_claimreview.sql"};
    int ok = 0;

    fresh_database();
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "CREATE SCHEMA claimtrack; CREATE TABLE claimtrack.schema_migrations ("
        " version integer PRIMARY KEY, name text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now())"), "");
    for (int i = 0; i < 5; i++)
        apply_file("claimtrack", files[i], i + 1);
    ck_assert_str_eq(th_sql_exec_on(dbname, RELEASE_ROWS), "");
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT count(*) FROM ct_evidence"), "3");
    char events_before[64], events_after[64];
    th_text_on(dbname, "SELECT md5(string_agg(e::text, '|' ORDER BY id)) FROM claimtrack.ct_events e",
               events_before, sizeof events_before);

    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT max(version) >= 6 FROM claimtrack.schema_migrations"), "t");
    constraints_named();
    /* the two late failures recorded on delivered rows: delivered, as the
       receiver answered; everything else as it was */
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT string_agg(status || (lease_until IS NOT NULL), ',' ORDER BY id)"
        " = 'deliveredfalse,deadfalse,pendingtrue,deliveredfalse,deliveredfalse'"
        " FROM ct_outbox"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT (SELECT count(*) FROM ct_mentions) + (SELECT count(*) FROM ct_imports)"
        " + (SELECT count(*) FROM ct_events) + (SELECT count(*) FROM ct_claims)"), "16");
    /* 012: the events already recorded are in the tree, in record order,
       each leaf the hash of its canonical content, and not one changed */
    th_text_on(dbname, "SELECT md5(string_agg(e::text, '|' ORDER BY id)) FROM claimtrack.ct_events e",
               events_after, sizeof events_after);
    ck_assert_str_eq(events_after, events_before);
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT string_agg(l.event_id || ':' || l.leaf_index, ',' ORDER BY l.leaf_index)"
        " = '1:0,2:1,3:2' FROM ct_tree_leaves l"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT bool_and(l.leaf_hash = sha256('\\x00'::bytea"
        "   || convert_to(ct_event_canonical(e, l.salt), 'UTF8')))"
        " FROM ct_tree_leaves l JOIN ct_events e ON e.id = l.event_id"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT hash = sha256('\\x01'::bytea || (SELECT leaf_hash FROM ct_tree_leaves"
        " WHERE leaf_index = 0) || (SELECT leaf_hash FROM ct_tree_leaves WHERE leaf_index = 1))"
        " FROM ct_tree_nodes WHERE level = 1 AND node_index = 0"), "t");
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT count(*) FROM ct_tree_nodes"), "1");
}
END_TEST

/* What 038 made, taken away again: the times of the versions. */
#define UNDO_038 \
    " DROP FUNCTION ct_http_date(timestamptz);" \
    " DROP FUNCTION ct_version_dated() CASCADE;" \
    " ALTER TABLE ct_claim_versions DROP COLUMN changed_at;" \
    " ALTER TABLE ct_notice_versions DROP COLUMN changed_at;" \
    " ALTER TABLE ct_claim_renders DROP COLUMN last_modified;" \
    " ALTER TABLE ct_notice_renders DROP COLUMN last_modified;"

/* What 037 made (and 038 after it), taken away again: the index of
   verdicts withdrawn. */
#define UNDO_037 UNDO_038 \
    " DROP INDEX ct_events_unpublished_idx;"

/* What 036 made (and 037 after it), taken away again: the days kept as
   given. */
#define UNDO_036 UNDO_037 \
    " ALTER TABLE ct_claims DROP COLUMN said_on; ALTER TABLE ct_responses DROP COLUMN issued_on;" \
    " DROP FUNCTION ct_given_day(text), ct_shown_day(date, timestamptz);"

/* What 032 made (and 036 and 037 after it), taken away again: the stored
   search text, and with it the trigram index on it, which 011 had made on
   the expression. */
#define UNDO_032 UNDO_036 \
    " ALTER TABLE ct_claims DROP COLUMN search_text;" \
    " CREATE INDEX ct_claims_search_idx ON ct_claims" \
    "  USING gin (lower(text || ' ' || claimant_name) gin_trgm_ops);"

/* What 027 made (and 029, 030, 031 and 032 after it), taken away again
   for a test of an earlier migration. */
#define UNDO_027 UNDO_032 \
    " ALTER TABLE ct_claims DROP COLUMN search_junctions;" \
    " DROP FUNCTION ct_search_junctions(text);" \
    " DROP FUNCTION ct_kept_answer_lifetime();" \
    " DROP TABLE ct_claim_renders, ct_claim_versions;" \
    " DROP TABLE ct_notice_renders, ct_notice_versions; DROP SEQUENCE ct_notice_version_seq;" \
    " DROP FUNCTION ct_notices_claims_changed()," \
    "  ct_notices_claim_rows_changed(), ct_notices_mentions_changed()," \
    "  ct_notices_desk_changed() CASCADE;"

/* A desk upgraded to 020 with deliveries already made: two subscriptions,
   each with rows of every status, and rows of no subscription (queued
   before 008), all there before the counts were kept. */
#define BEFORE_020 \
    "SET client_min_messages = warning; DROP TABLE ct_delivery_counts CASCADE;" \
    " ALTER TABLE ct_claims DROP COLUMN rating_as_written;" \
    " DROP FUNCTION ct_delivery_count_moved() CASCADE;" \
    " DROP FUNCTION ct_delivery_count_inserted() CASCADE;" \
    " DROP FUNCTION ct_delivery_count_truncate() CASCADE;" \
    " ALTER TABLE ct_claims DROP COLUMN review_requested_at;" UNDO_027 \
    " DELETE FROM schema_migrations WHERE version >= 20;" \
    " INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by)" \
    "  VALUES ('Crime as in Caracas', 'Deputy', '2025-12-01', 'ru', 'u1');" \
    " INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)" \
    "  VALUES (1, 'claim_recorded', '2025-12-01', 'u1', 'editor', '{}');" \
    " INSERT INTO ct_subscriptions (url, events, created_by)" \
    "  VALUES ('https://h.example/', '{*}', 'u1'), ('https://i.example/', '{*}', 'u1');" \
    " INSERT INTO ct_outbox (event_id, claim_id, type, url, status, subscription_id," \
    "  delivered_at, last_error)" \
    "  SELECT 1, 1, 'claim.recorded', 'https://h.example/', s, sub," \
    "         CASE WHEN s = 'delivered' THEN now() END, CASE WHEN s = 'dead' THEN 'HTTP 500' END" \
    "    FROM (VALUES ('delivered', 1, 5), ('dead', 1, 2), ('pending', 1, 3)," \
    "                 ('delivered', 2, 1), ('dead', NULL, 4), ('delivered', NULL, 6)) v(s, sub, n)," \
    "         LATERAL generate_series(1, v.n)"

#define COUNTS \
    "SELECT string_agg(subscription_id || status || deliveries, ','" \
    "                  ORDER BY subscription_id, status) FROM ct_delivery_counts"

START_TEST(delivery_counts_start_from_the_deliveries_made)
{
    char counts[128];
    desk_before(BEFORE_020);
    reopen();
    th_text_on(dbname, COUNTS, counts, sizeof counts);
    ck_assert_str_eq(counts, "1dead2,1delivered5,2delivered1");
    /* and are kept from there: a redelivery, a delivery, a dead letter */
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "UPDATE ct_outbox SET status = 'pending', delivered_at = NULL"
        " WHERE id = (SELECT min(id) FROM ct_outbox WHERE subscription_id = 1"
        "             AND status = 'delivered');"
        " UPDATE ct_outbox SET status = 'delivered', delivered_at = now()"
        " WHERE subscription_id = 2 AND status = 'delivered' OR id IN (SELECT id FROM ct_outbox"
        "   WHERE subscription_id = 1 AND status = 'pending' ORDER BY id LIMIT 2);"
        " UPDATE ct_outbox SET subscription_id = 2 WHERE subscription_id IS NULL"),
        "");
    th_text_on(dbname, COUNTS, counts, sizeof counts);
    ck_assert_str_eq(counts, "1dead2,1delivered6,2dead4,2delivered7");
}
END_TEST

/* A desk at 021 with four rated claims: 1 imported with the review's
   verdict; 2 imported, then rated by a moderator; 3 imported without a
   verdict, then rated by a moderator; 4 the desk's own. Each event as
   its transaction wrote it (occurred_at: that transaction's now()). */
#define BEFORE_022 \
    "SET client_min_messages = warning; ALTER TABLE ct_claims DROP COLUMN rating_as_written;" \
    " ALTER TABLE ct_claims DROP COLUMN review_requested_at;" UNDO_027 \
    " DELETE FROM schema_migrations WHERE version >= 22;" \
    " INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by, rating)" \
    "  SELECT 'Claim ' || n, 'Deputy', '2025-12-01', 'en', 'u1', r" \
    "    FROM (VALUES (1, 'Mostly False'), (2, 'False'), (3, 'True'), (4, 'False')) v(n, r)" \
    "   ORDER BY n;" \
    " INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)" \
    "  VALUES (1, 'claim_imported', '2025-12-02 10:00', 'u1', 'editor', '{}')," \
    "         (1, 'rating_changed', '2025-12-02 10:00', 'u1', 'editor', '{}')," \
    "         (2, 'claim_imported', '2025-12-02 11:00', 'u1', 'editor', '{}')," \
    "         (2, 'rating_changed', '2025-12-02 11:00', 'u1', 'editor', '{}')," \
    "         (2, 'rating_changed', '2025-12-03 09:00', 'u2', 'moderator', '{}')," \
    "         (3, 'claim_imported', '2025-12-02 12:00', 'u1', 'editor', '{}')," \
    "         (3, 'rating_changed', '2025-12-03 09:30', 'u2', 'moderator', '{}')," \
    "         (4, 'rating_changed', '2025-12-03 10:00', 'u2', 'moderator', '{}');" \
    " INSERT INTO ct_imports (review_url, claim_id, reviewer, canonical_url, review_key)" \
    "  SELECT 'https://afp.example/' || n, n, 'AFP', 'https://afp.example/' || n, ''" \
    "    FROM generate_series(1, 3) n"

START_TEST(ratings_imported_before_stay_the_fact_checkers_words)
{
    desk_before(BEFORE_022);
    reopen();
    char written[64];
    th_text_on(dbname, "SELECT string_agg(id || ':' || rating_as_written, ',' ORDER BY id)"
               " FROM ct_claims", written, sizeof written);
    ck_assert_str_eq(written, "1:true,2:false,3:false,4:false");
}
END_TEST

/* A desk at 022 with review identities stored as the import made them
   before 023: a url as an IRI and the same url encoded in lower-case hex
   (two claims of one review), an escaped "~", an escaped "/" and an
   escaped NUL (a byte the migration must not turn into a character). */
#define BEFORE_023 \
    "SET client_min_messages = warning; ALTER TABLE ct_claims DROP COLUMN review_requested_at;" UNDO_027 \
    " DELETE FROM schema_migrations WHERE version >= 23;" \
    " INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by)" \
    "  SELECT 'Claim ' || n, 'Deputy', '2025-12-01', 'en', 'u1' FROM generate_series(1, 5) n;" \
    " INSERT INTO ct_imports (review_url, claim_id, reviewer, canonical_url, review_key)" \
    "  SELECT u, n, 'AFP', u, '' FROM (VALUES" \
    "   (1, 'https://factcheck.kz/проверка')," \
    "   (2, 'https://factcheck.kz/%d0%bf%d1%80%d0%be%d0%b2%d0%b5%d1%80%d0%ba%d0%b0')," \
    "   (3, 'https://factcheck.kz/%7euser')," \
    "   (4, 'https://factcheck.kz/a%2fb'), (5, 'https://factcheck.kz/review%00x')) v(n, u)" \
    "  ORDER BY n"

START_TEST(review_identities_stored_before_are_percent_normalised)
{
    char identities[512];
    desk_before(BEFORE_023);
    reopen();
    th_text_on(dbname, "SELECT string_agg(claim_id || ' ' || canonical_url || ' [' || review_key || ']',"
               " ',' ORDER BY claim_id) FROM ct_imports", identities, sizeof identities);
    ck_assert_str_eq(identities,
        "1 https://factcheck.kz/%D0%BF%D1%80%D0%BE%D0%B2%D0%B5%D1%80%D0%BA%D0%B0 [],"
        "2 https://factcheck.kz/%D0%BF%D1%80%D0%BE%D0%B2%D0%B5%D1%80%D0%BA%D0%B0 [#2],"
        "3 https://factcheck.kz/~user [],"
        "4 https://factcheck.kz/a%2Fb [],"
        "5 https://factcheck.kz/review%00x []");
}
END_TEST

/* A desk at 023 with review keys made before 024 (a SHA-256 of the bytes
   as written): claim 1 written decomposed ("й" as "и" and a combining
   breve) and claim 2, the same review written composed, both imported
   (two claims of one review); claim 3 decomposed, whose text an editor
   changed since (its key is no hash of its text: left as it is); claim 4
   composed, whose key NFC does not change. */
#define RAW_KEY(text) "encode(sha256(convert_to(" text " || E'\\n' || 'Deputy', 'UTF8')), 'hex')"
#define BEFORE_024 \
    "SET client_min_messages = warning; ALTER TABLE ct_claims DROP COLUMN review_requested_at;" UNDO_027 \
    " DELETE FROM schema_migrations WHERE version >= 24;" \
    " INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by)" \
    "  SELECT t, 'Deputy', '2025-12-01', 'ru', 'u1' FROM (VALUES" \
    "   (1, U&'\\0438\\0306 one'), (2, U&'\\0439 one'), (3, U&'\\0438\\0306 edited')," \
    "   (4, U&'\\0439 four')) v(n, t) ORDER BY n;" \
    " INSERT INTO ct_imports (review_url, claim_id, reviewer, canonical_url, review_key)" \
    "  SELECT 'https://factcheck.kz/r', id, 'AFP', 'https://factcheck.kz/r'," \
    "         CASE WHEN id = 3 THEN repeat('e', 64) ELSE " RAW_KEY("text") " END FROM ct_claims ORDER BY id"

START_TEST(review_keys_stored_before_are_nfc)
{
    char keys[512], expected[512];
    desk_before(BEFORE_024);
    reopen();
    th_text_on(dbname, "SELECT string_agg(claim_id || ' ' || review_key, ',' ORDER BY claim_id)"
               " FROM ct_imports", keys, sizeof keys);
    th_text_on(dbname, "SELECT string_agg(n || ' ' || k, ',' ORDER BY n) FROM (VALUES"
               " (1, " RAW_KEY("U&'\\0439 one'") "), (2, " RAW_KEY("U&'\\0439 one'") " || '#2'),"
               " (3, repeat('e', 64)), (4, " RAW_KEY("U&'\\0439 four'") ")) v(n, k)",
               expected, sizeof expected);
    ck_assert_str_eq(keys, expected);
}
END_TEST

/* A desk at 038 with review keys made before 039 (NFC, invisible code
   points hashed like letters): claim 1 with a zero width space and claim
   2, the same review without it, both imported (two claims of one
   review); claim 3 with one, whose text an editor changed since (its key
   is no hash of its text: left as it is); claim 4 with a soft hyphen in
   its claimant's name. */
#define NFC_KEY(text, claimant) "encode(sha256(convert_to(normalize(" text ", NFC) || E'\\n'" \
    " || normalize(" claimant ", NFC), 'UTF8')), 'hex')"
#define BEFORE_039 \
    "SET client_min_messages = warning; DELETE FROM schema_migrations WHERE version >= 39;" \
    " INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by)" \
    "  SELECT t, c, '2025-12-01', 'ru', 'u1' FROM (VALUES" \
    "   (1, U&'\\0430\\200B one', 'Deputy'), (2, U&'\\0430 one', 'Deputy')," \
    "   (3, U&'\\0430\\200B edited', 'Deputy'), (4, U&'\\0430 four', U&'Dep\\00ADuty')) v(n, t, c)" \
    "   ORDER BY n;" \
    " INSERT INTO ct_imports (review_url, claim_id, reviewer, canonical_url, review_key)" \
    "  SELECT 'https://factcheck.kz/r', id, 'AFP', 'https://factcheck.kz/r'," \
    "         CASE WHEN id = 3 THEN repeat('e', 64) ELSE " NFC_KEY("text", "claimant_name") " END" \
    "    FROM ct_claims ORDER BY id"

START_TEST(review_keys_stored_before_leave_out_invisible_code_points)
{
    char keys[512], expected[512];
    desk_before(BEFORE_039);
    reopen();
    th_text_on(dbname, "SELECT string_agg(claim_id || ' ' || review_key, ',' ORDER BY claim_id)"
               " FROM ct_imports", keys, sizeof keys);
    th_text_on(dbname, "SELECT string_agg(n || ' ' || k, ',' ORDER BY n) FROM (VALUES"
               " (1, " NFC_KEY("U&'\\0430 one'", "'Deputy'") "),"
               " (2, " NFC_KEY("U&'\\0430 one'", "'Deputy'") " || '#2'),"
               " (3, repeat('e', 64)), (4, " NFC_KEY("U&'\\0430 four'", "'Deputy'") ")) v(n, k)",
               expected, sizeof expected);
    ck_assert_str_eq(keys, expected);
}
END_TEST

/* A desk at 031 with claims in capitals and small letters, Cyrillic and
   Latin, a claimant's name among them: 032 stores each one's search text,
   the lower-cased text and name, and makes the trigram index again on it. */
#define BEFORE_032 \
    "SET client_min_messages = warning;" UNDO_032 \
    " DELETE FROM schema_migrations WHERE version >= 32;" \
    " INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by)" \
    "  SELECT t, c, '2025-12-01', l, 'u1' FROM (VALUES" \
    "   (1, 'Преступность в АСТАНЕ как в Каракасе', 'Депутат ИВАНОВ', 'ru')," \
    "   (2, 'Crime In ALMATY Rose', 'Deputy', 'en')," \
    "   (3, 'ҚЫЛМЫС  өсті', 'Әкім', 'kk')) v(n, t, c, l) ORDER BY n"

/* The trigram index of GET /claims?q=: its key, operator class and the
   operator class's schema, or "none". */
#define SEARCH_INDEX \
    "SELECT coalesce((SELECT pg_get_indexdef(i.indexrelid, 1, true) || ' ' || o.opcname" \
    "  || ' ' || o.opcnamespace::regnamespace FROM pg_index i" \
    "  JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_opclass o ON o.oid = i.indclass[0]" \
    " WHERE x.relname = 'ct_claims_search_idx'), 'none')"

START_TEST(search_text_of_claims_written_before_is_stored_and_indexed)
{
    char texts[512];
    desk_before(BEFORE_032);
    th_text_on(dbname, SEARCH_INDEX, texts, sizeof texts);
    ck_assert_str_eq(texts, "lower((text || ' '::text) || claimant_name) gin_trgm_ops claimtrack");
    reopen();
    th_text_on(dbname, "SELECT string_agg(search_text, '|' ORDER BY id) FROM ct_claims",
               texts, sizeof texts);
    ck_assert_str_eq(texts, "преступность в астане как в каракасе депутат иванов|"
                            "crime in almaty rose deputy|қылмыс  өсті әкім");
    th_text_on(dbname, SEARCH_INDEX, texts, sizeof texts);
    ck_assert_str_eq(texts, "search_text gin_trgm_ops claimtrack");
    /* an edit of the text is an edit of what is searched */
    th_text_on(dbname, "UPDATE ct_claims SET text = 'ЗАРПЛАТЫ Учителей' WHERE id = 2;"
               " SELECT search_text FROM ct_claims WHERE id = 2", texts, sizeof texts);
    ck_assert_str_eq(texts, "зарплаты учителей deputy");
}
END_TEST

/* A desk at 035 in Asia/Almaty: claims and responses dated as the API
   stored them, a date alone as local midnight (19:00 UTC the day before)
   and a date-time as its instant, and one undated claim. The plugin that
   opens it again in Almaty keeps the days of the midnights as given
   (036), so a second instance in another time zone shows those days. */
#define BEFORE_036 \
    "SET client_min_messages = warning;" UNDO_036 \
    " DELETE FROM schema_migrations WHERE version >= 36;" \
    " INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by)" \
    "  SELECT 'Claim ' || n, 'Deputy', s::timestamptz, 'en', 'u1' FROM (VALUES" \
    "   (1, '2025-12-21T19:00:00Z'), (2, '2025-12-22T10:30:00Z'), (3, NULL)) v(n, s) ORDER BY n;" \
    " INSERT INTO ct_responses (claim_id, kind, by_name, issued_at, summary, created_by)" \
    "  SELECT 1, 'rebuttal', 'Police', s::timestamptz, 'No', 'u1' FROM (VALUES" \
    "   (1, '2025-12-22T19:00:00Z'), (2, '2025-12-22T00:00:00Z')) v(n, s) ORDER BY n;" \
    " INSERT INTO ct_idempotency (actor_id, key, fingerprint, status, content_type, body)" \
    "  VALUES ('admin-1', 'k1', 'f', 201, 'application/json'," \
    "          '{\"id\":1,\"url\":\"https://hooks.example/x\",\"secret\":\"whsec_c2VjcmV0\"}')," \
    "         ('editor-1', 'k2', 'f', 201, 'application/json', '{\"id\":2,\"text\":\"secret\"}')"

START_TEST(days_given_before_are_kept_in_the_migrating_time_zone)
{
    char days[256], *error = NULL;
    desk_before(BEFORE_036);
    /* a zone the database does not know: refused before 036 runs, which
       would otherwise read the days in UTC and keep none of them */
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":2,"
             "\"time_zone\":\"Asia/Almati\"}", th_db(), dbname);
    void *inst = th_plugin()->open(NULL, config, &error);
    ck_assert_ptr_null(inst);
    ck_assert_msg(error && strstr(error, "Asia/Almati") && strstr(error, "time_zone"), "%s", error);
    th_plugin()->free_string(error);
    th_text_on(dbname, "SELECT max(version) FROM schema_migrations", days, sizeof days);
    ck_assert_str_eq(days, "35");
    snprintf(config, sizeof config, "{\"database\":\"%s dbname=%s\",\"pool_size\":2,"
             "\"time_zone\":\"asia/almaty\"}", th_db(), dbname);
    reopen();
    th_text_on(dbname, "SELECT string_agg(id || ':' || coalesce(said_on::text, '-'), ','"
               " ORDER BY id) FROM ct_claims", days, sizeof days);
    ck_assert_str_eq(days, "1:2025-12-22,2:-,3:-");
    th_text_on(dbname, "SELECT string_agg(id || ':' || coalesce(issued_on::text, '-'), ','"
               " ORDER BY id) FROM ct_responses", days, sizeof days);
    ck_assert_str_eq(days, "1:2025-12-23,2:-");
    /* a signing secret kept as text by an earlier release is taken out */
    th_text_on(dbname, "SELECT string_agg(key || ' ' || (body::jsonb - 'url')::text, ', '"
               " ORDER BY key) FROM ct_idempotency", days, sizeof days);
    ck_assert_str_eq(days, "k1 {\"id\": 1, \"secret\": null}, k2 {\"id\": 2, \"text\": \"secret\"}");
}
END_TEST

/* A desk at 037 with a claim changed since 029 (a version row) and two
   not (none), one recorded before 029 and one after: 038 dates the row by
   its own run, the last change being no later; a claim without one by
   029's run or its recording, whichever was later. */
#define BEFORE_038 \
    "SET client_min_messages = warning;" UNDO_038 \
    " DELETE FROM schema_migrations WHERE version >= 38;" \
    " UPDATE schema_migrations SET applied_at = '2025-11-03T10:20:30.9Z' WHERE version = 29;" \
    " INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by, created_at)" \
    "  SELECT 'Claim ' || n, 'Deputy', '2025-12-01', 'en', 'u1', t::timestamptz FROM (VALUES" \
    "   (1, '2025-12-01T00:00:00Z'), (2, '2025-10-01T00:00:00Z')," \
    "   (3, '2025-11-05T01:02:03Z')) v(n, t) ORDER BY n;" \
    " DELETE FROM ct_claim_versions; DELETE FROM ct_notice_versions;" \
    " INSERT INTO ct_claim_versions (claim_id, version) VALUES (1, nextval('ct_notice_version_seq'))"

START_TEST(versions_kept_before_are_dated_by_the_migration)
{
    char dates[256];
    desk_before(BEFORE_038);
    reopen();
    th_text_on(dbname, "SELECT count(*) || ' ' || bool_and(v.changed_at >= m.applied_at"
               "  AND v.changed_at <= now())"
               " FROM ct_claim_versions v, schema_migrations m WHERE m.version = 38", dates,
               sizeof dates);
    ck_assert_str_eq(dates, "1 true");
    th_text_on(dbname, "SELECT " CLAIM_LAST_MODIFIED("2") " || ' / ' || " CLAIM_LAST_MODIFIED("3"),
               dates, sizeof dates);
    ck_assert_str_eq(dates, "Mon, 03 Nov 2025 10:20:30 GMT / Wed, 05 Nov 2025 01:02:03 GMT");
}
END_TEST

/* pg_trgm already in public, where the plugin's sessions never look (their
   search_path is its schema alone): 011 made the index with public's
   operator class, and 032 makes it again with the same one. */
START_TEST(search_index_is_made_with_a_pg_trgm_of_another_schema)
{
    int ok = 0;
    char index[256];
    fresh_database();
    ck_assert_str_eq(th_sql_exec_on(dbname, "CREATE EXTENSION pg_trgm WITH SCHEMA public"), "");
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    th_text_on(dbname, SEARCH_INDEX, index, sizeof index);
    ck_assert_str_eq(index, "search_text gin_trgm_ops public");
}
END_TEST

/* A desk where 011 could make no trigram index: 032 makes none either,
   and the plugin opens. */
START_TEST(search_text_without_a_trigram_index_makes_none)
{
    char index[256];
    desk_before(BEFORE_032 "; DROP INDEX ct_claims_search_idx");
    reopen();
    th_text_on(dbname, SEARCH_INDEX, index, sizeof index);
    ck_assert_str_eq(index, "none");
    th_text_on(dbname, "SELECT search_text FROM ct_claims WHERE id = 2", index, sizeof index);
    ck_assert_str_eq(index, "crime in almaty rose deputy");
}
END_TEST

/* The writes a request makes, as statements: claims in the three ways
   matching reads a language (russian, english, simple), their events,
   responses and a review. */
#define WRITES \
    " INSERT INTO ct_claims (text, claimant_name, said_at, language, created_by) VALUES" \
    "  ('Преступность в столице как в Каракасе', 'Депутат', '2025-12-22', 'ru', 'u1')," \
    "  ('Crime in Almaty rose by 20 percent in 2024', 'Deputy', '2025-12-22', 'en', 'u1')," \
    "  ('Астанадағы қылмыс Каракастағыдай', 'Депутат', '2025-12-22', 'kk', 'u1');" \
    " INSERT INTO ct_events (claim_id, type, occurred_at, actor_id, actor_role, payload)" \
    "  SELECT id, 'claim_recorded', now(), 'u1', 'editor', '{}' FROM ct_claims;" \
    " INSERT INTO ct_responses (claim_id, kind, by_name, issued_at, summary, created_by)" \
    "  SELECT id, 'rebuttal', 'Police', '2025-12-22', 'Refuted', 'u1' FROM ct_claims;" \
    " UPDATE ct_claims SET status = 'rebutted';"

/* WRITES on one connection as a plugin's connection makes them all day: in
   a transaction that is rolled back, after `before`, six times first (a
   session plans its first five runs of a PL/pgSQL query for their values,
   then once), then once with PostgreSQL counting the calls of every
   function (track_functions). Ends with the names of the LANGUAGE sql
   functions that ran as functions rather than inlined into the statement
   that calls them: each such call parses and plans the function's body
   again (018_functions_planned_once.sql). */
#define WRITES_THEN_SQL_FUNCTIONS_RUN(before) \
    "BEGIN;" before WRITES WRITES WRITES WRITES WRITES WRITES \
    " SET LOCAL track_functions = 'all';" WRITES \
    " SELECT coalesce(string_agg(proname, ',' ORDER BY proname), '') FROM pg_proc" \
    "  WHERE pronamespace = 'claimtrack'::regnamespace" \
    "    AND prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql')" \
    "    AND pg_stat_get_xact_function_calls(oid) > 0"

START_TEST(write_path_functions_are_planned_once)
{
    char ran[512];
    int ok = 0;
    fresh_database();
    open_close(&ok);
    ck_assert_int_eq(ok, 1);
    th_text_on(dbname, WRITES_THEN_SQL_FUNCTIONS_RUN(""), ran, sizeof ran);
    ck_assert_str_eq(ran, "");
    /* the rule sees what it is there to see: 012's ct_event_time */
    th_text_on(dbname, WRITES_THEN_SQL_FUNCTIONS_RUN(
        " CREATE OR REPLACE FUNCTION ct_event_time(t timestamptz) RETURNS text"
        " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
        " SELECT CASE WHEN isfinite(t) AND t >= '0001-01-01 00:00:00+00'"
        " THEN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
        " ELSE extract(epoch FROM t)::text END $$;"), ran, sizeof ran);
    ck_assert_str_eq(ran, "ct_event_time");
    /* nothing of either is kept */
    ck_assert_str_eq(th_sql_exec_on(dbname, "SELECT count(*) FROM ct_claims"), "0");
    ck_assert_str_eq(th_sql_exec_on(dbname,
        "SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang"
        " WHERE p.oid = 'ct_event_time(timestamptz)'::regprocedure"), "plpgsql");
}
END_TEST

int main(void)
{
    /* opening: what open() does to a database, new, current or foreign */
    const TTest *const opening[] = {
        concurrent_opens_of_a_fresh_database, reopening_changes_nothing,
        a_newer_database_is_refused, another_tools_schema_migrations_is_left_alone,
        an_earlier_release_in_public_is_moved_with_every_row, the_schema_is_configurable, NULL};
    /* schema: what the migrated schema holds and refuses */
    const TTest *const schema[] = {
        every_constraint_has_a_name_of_its_own, each_invariant_refuses_the_row_that_breaks_it,
        every_table_and_time_has_a_comment, every_foreign_key_leads_an_index,
        rows_every_release_wrote_meet_the_invariants, write_path_functions_are_planned_once, NULL};
    /* the rows that earlier releases wrote, rewritten by a migration */
    const TTest *const deliveries[] = {delivery_counts_start_from_the_deliveries_made, NULL};
    const TTest *const ratings[] = {ratings_imported_before_stay_the_fact_checkers_words, NULL};
    const TTest *const review_keys[] = {
        review_identities_stored_before_are_percent_normalised, review_keys_stored_before_are_nfc,
        review_keys_stored_before_leave_out_invisible_code_points, NULL};
    const TTest *const search_text[] = {
        search_text_of_claims_written_before_is_stored_and_indexed,
        search_index_is_made_with_a_pg_trgm_of_another_schema,
        search_text_without_a_trigram_index_makes_none, NULL};
    const TTest *const dates[] = {
        days_given_before_are_kept_in_the_migrating_time_zone,
        versions_kept_before_are_dated_by_the_migration, NULL};

    Suite *s = suite_create("migrate");
    th_add_case(s, tcase_create("opening"), NULL, NULL, 120, opening);
    th_add_case(s, tcase_create("schema"), NULL, NULL, 120, schema);
    th_add_case(s, tcase_create("deliveries"), NULL, NULL, 120, deliveries);
    th_add_case(s, tcase_create("ratings"), NULL, NULL, 120, ratings);
    th_add_case(s, tcase_create("review_keys"), NULL, NULL, 120, review_keys);
    th_add_case(s, tcase_create("search_text"), NULL, NULL, 120, search_text);
    th_add_case(s, tcase_create("dates"), NULL, NULL, 120, dates);
    return th_run_suite(s);
}
