/*
 * testhost.h -- a test host that loads build/claimtrack.so with dlopen(),
 * exactly as a CMS would, plus a direct libpq line to the test database to
 * check what was (or was not) written.
 *
 * Environment: CT_PLUGIN (path of the plugin, default build/claimtrack.so)
 * and CT_TEST_DB (libpq conninfo of the throwaway cluster, set by
 * scripts/pgtest.sh).
 */
#ifndef CT_TESTHOST_H
#define CT_TESTHOST_H

#include <check.h>
#include <stdbool.h>
#include <json-c/json.h>

#include "claimtrack/plugin.h"

/* The loaded plugin's table; loads it on first use (aborts on failure). */
const ct_plugin_v1 *th_plugin(void);

/* The plugin's entry point called with another ABI version. */
const ct_plugin_v1 *th_entry_for(uint32_t version);

/* The conninfo of the test database (aborts when CT_TEST_DB is unset). */
const char *th_db(void);

/* Config JSON for th_db() with the given pool size. Static buffer. */
const char *th_config(int pool_size);

/* The host services the suites open the plugin with: its log goes to
   stderr when CT_TEST_LOG is set. */
extern const ct_host_v1 th_host;

/* Create a new database in the test cluster, its schema as open() of this
   plugin build makes it (a copy of a migrated template: see testhost.c);
   its name goes to out. */
void th_new_database(const char *prefix, char *out, size_t size);
/* The same with nothing in it: for the tests of migrating an empty database. */
void th_new_empty_database(const char *prefix, char *out, size_t size);
/* Random bits drawn once per process: with its pid, names unique in a run. */
unsigned long th_process_nonce(void);

/* The secrets key of the configurations th_outbound_config makes (32 bytes, base64). */
#define TH_SECRETS_KEY "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

/*
 * open()'s configuration for database dbname with short outbound timings
 * (workers on, poll 50 ms, retries from 100 ms for 3 s, 2 fetch attempts,
 * 127.0.0.1 allowed) and long transfer timeouts (10 s connect, 20 s in
 * all: a receiver here answers at once, and on a loaded machine a short
 * one would fail a transfer the receiver has already counted; the tests
 * of timeouts set their own). A key of
 * outbound_json overrides the default and null removes it; webhooks_json
 * (may be NULL) is the "webhooks" list. Malloc'd.
 */
char *th_outbound_config(const char *dbname, const char *webhooks_json, const char *outbound_json);

/* Check fixtures: open / close the shared instance th_instance. */
void th_setup(void);
void th_teardown(void);
/* A fixture on a new database of its own (for tests that need one),
   with language "ru" and the publisher Factcheck.kz (https://factcheck.kz,
   reviews at https://factcheck.kz/claims/{id}). */
void th_setup_fresh(void);
/* The same, with the members of extra_json (an object) added. */
void th_setup_fresh_with(const char *extra_json);
/* A second instance on that fixture's database, configured as it is plus
   the members of extra_json (a second host process); the caller closes it. */
void *th_open_fresh_with(const char *extra_json);
/* Open th_instance on the shared database with th_config(4) plus the keys
   of extra_json (an object), e.g. {"time_zone":"Asia/Almaty"}. */
void th_setup_with(const char *extra_json);
/* The error open() gives for th_config(4) plus extra_json (free with the
   plugin's free_string), or NULL when it opened (and was closed again). */
char *th_open_error(const char *extra_json);
/* Run SQL on th_setup_fresh's database (to fix clocks for golden output). */
void th_stamp_fresh(const char *sql);
extern void *th_instance;
/* The one value sql selects on th_setup_fresh's database, as text ("NULL"
   for SQL NULL), into out; aborts when sql does not give one value. */
void th_fresh_text(const char *sql, char *out, size_t size);
/* Mark the answers kept ready-made in table (ct_notice_renders or
   ct_claim_renders, on th_setup_fresh's database) whose rows match where
   (SQL): their "rebutted" becomes "KEPT", so a caller served one can tell.
   How many were marked. */
long th_fresh_mark_kept(const char *table, const char *where);
/* th_setup_fresh's database's name. */
const char *th_fresh_dbname(void);
/* The same on database dbname (out of any size, unlike th_sql_exec_on). */
void th_text_on(const char *dbname, const char *sql, char *out, size_t size);
/* The plan PostgreSQL runs for statement (a prepared statement's text, its
   parameters of types, e.g. "text, int") with args (SQL literals, e.g.
   "'failed', 100") on a warm connection of database dbname, in schema
   claimtrack, under the planner settings of the plugin's own sessions
   (store.c: no JIT, random_page_cost 1.1): its sixth run, the five before
   it having let PostgreSQL settle on a plan, as EXPLAIN (ANALYZE, BUFFERS,
   FORMAT JSON) gives it, with the rows and pages each node read. */
void th_warm_plan_on(const char *dbname, const char *statement, const char *types,
                     const char *args, char *plan, size_t size);

/* A response: status and parsed envelope (body is a borrowed pointer). */
typedef struct th_resp {
    int          status;
    json_object *envelope;
    json_object *body;
} th_resp;

/*
 * Send an envelope built from the parts (query_json and body_json may be
 * NULL; role NULL sends no actor). Fails the test if the answer is not a
 * valid envelope.
 */
th_resp th_call(const char *method, const char *path, const char *role,
                const char *query_json, const char *body_json);

/* th_call through instance, another than th_instance (a second process on
   the same database, a standby's reader). */
th_resp th_call_on(void *instance, const char *method, const char *path, const char *role,
                   const char *query_json, const char *body_json);

/* Send request_json as is (th_raw_on: through instance). */
th_resp th_raw(const char *request_json);
th_resp th_raw_on(void *instance, const char *request_json);

void th_free(th_resp *resp);

/*
 * Requests at once: each of the n envelopes (text) is sent through
 * th_instance from a thread of its own while another session on database
 * dbname holds, in a transaction, the rows hold_sql locks (a SELECT ...
 * FOR UPDATE of one row). They start in turn, each once the one before
 * waits for a lock (pg_stat_activity), and the session lets go once all n
 * wait: they meet in the database in that order whatever the machine's
 * timing. False when they never all waited (the answers are still read).
 * answers[i] gets each answer (th_free them).
 */
bool th_race_held(const char *dbname, const char *hold_sql, const char *const *requests,
                  int n, th_resp *answers);

/* body.error.code and body.error.field, or "" */
const char *th_error_code(const th_resp *resp);
const char *th_error_field(const th_resp *resp);

/* Value at a slash path inside body: "claimant/name", "responses/0/kind". */
json_object *th_get(const th_resp *resp, const char *path);
const char *th_str(const th_resp *resp, const char *path);
long long th_int(const th_resp *resp, const char *path);

/* Rows in every claimtrack table, summed: to assert nothing was written. */
long long th_rows_total(void);

/* th_rows_total of another database of the cluster. */
long long th_rows_total_on(const char *dbname);

/* The integer result of one SQL query on the test database. */
long long th_sql_int(const char *sql);

/* Run SQL directly; returns the SQLSTATE on error or "" on success. Static. */
const char *th_sql_exec(const char *sql);

/* Run SQL on another database of the test cluster: its single value
   (up to 7 characters), "" for a command, or "E" + SQLSTATE. Static. */
const char *th_sql_exec_on(const char *dbname, const char *sql);

/* How many connections that listen for instances' background workers are
   open on database dbname: one per instance with workers
   (src/jobs/scheduler.c names it "claimtrack ct_outbound"; the workers'
   own connections do not listen). */
int th_worker_connections_on(const char *dbname);

/* A unique string for this process and call, for article ids. Static. */
const char *th_unique(const char *prefix);

/* Record a claim as an editor and return its id (as text, static buffer);
   th_new_claim_on: through instance. */
const char *th_new_claim(const char *article_id);
const char *th_new_claim_on(void *instance, const char *article_id);

/* A counter of GET /health (as anonymous) at a slash path inside its body,
   "reader_cache/hits", "replicas/standby_reads"; asserts 200. */
long long th_health_int(const char *path);
/* Milliseconds of a monotonic clock, and a pause of ms milliseconds: for
   waits that poll for something to happen, with a deadline. */
double th_now_ms(void);
void th_pause_ms(int ms);
/* Run a Check suite; exit status for main(). */
/* POST /articles/{article}/anchor {"text": text} as an editor; asserts 200. */
th_resp th_anchor(const char *article, const char *text);

int th_run_suite(Suite *suite);

/* Check's tcase_create, the case's first checked fixture one that passes
   over every test after a failure when CT_TEST_FAIL_FAST is set (see
   th_run_suite in testhost.c): make mutate's suites stop at their first
   failed check. */
TCase *th_tcase_create(const char *name);
#define tcase_create(name) th_tcase_create(name)

/* A test case of suite: tc (from tcase_create) with tests, a list ending in
   NULL, each run between setup and teardown (checked fixtures; NULL for
   none) within timeout_s seconds. A long suite is split into cases by
   concern, so that a mutant (tests/mutants) can run the one case that
   kills it first, by its name as tcase_create was given it. */
void th_add_case(Suite *suite, TCase *tc, void (*setup)(void), void (*teardown)(void),
                 double timeout_s, const TTest *const *tests);

#endif
