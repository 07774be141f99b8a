/*
 * test_match_text.c -- src/jobs/match_text.c, and the comparison form a
 * claim gets when it is created (src/domain/claims.c): a claim created
 * through the library has its form at once; one without (recorded before
 * migration 014, or copied in around the library) is matched by its text
 * alone, so a paraphrase is not found, until POST /jobs/run (or the
 * workers) write its form, after which it is.
 */
#include <stdio.h>
#include <string.h>

#include "domain/lexicon.h"
#include "testhost.h"

#define CLAIM "Преступность в Астане как в Каракасе"
#define FORM  "преступность в place1 как в place20"
#define PARAPHRASE "Жить в столице Казахстана сейчас так же опасно, как в столице Венесуэлы."

static long long create_claim(void)
{
    th_resp r = th_call("POST", "/claims", "editor", NULL,
                        "{\"text\":\"" CLAIM "\",\"claimant\":{\"name\":\"Талгат Ергалиев\"},"
                        "\"said_at\":\"2025-12-01\",\"language\":\"ru\"}");
    ck_assert_int_eq(r.status, 201);
    long long id = th_int(&r, "id");
    th_free(&r);
    return id;
}

static void form_of(long long id, char *out, size_t size)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COALESCE(match_text, 'NULL') FROM ct_claims WHERE id = %lld", id);
    th_fresh_text(sql, out, size);
}

/* The claims a scan of the paraphrase suggests, as one number: how many. */
static size_t suggestions_for_paraphrase(const char *article, long long *claim)
{
    char path[96];
    snprintf(path, sizeof path, "/articles/%s/scan", article);
    th_resp r = th_call("POST", path, "editor", NULL,
                        "{\"text\":\"" PARAPHRASE "\",\"language\":\"ru\"}");
    ck_assert_int_eq(r.status, 200);
    json_object *list = th_get(&r, "suggestions");
    size_t n = json_object_array_length(list);
    *claim = n ? json_object_get_int64(json_object_object_get(json_object_array_get_idx(list, 0),
                                                              "claim_id"))
               : 0;
    th_free(&r);
    return n;
}

/* POST /jobs/run: the passes of the match_text job that wrote forms. */
static long long run_jobs(void)
{
    th_resp r = th_call("POST", "/jobs/run", "admin", NULL, "{}");
    ck_assert_int_eq(r.status, 200);
    long long written = th_int(&r, "match_text");
    th_free(&r);
    return written;
}

START_TEST(a_created_claim_has_its_form)
{
    char form[256];
    long long id = create_claim();
    form_of(id, form, sizeof form);
    ck_assert_str_eq(form, FORM);
    ck_assert_int_eq(run_jobs(), 0);               /* nothing for the job to do */
}
END_TEST

START_TEST(the_job_writes_the_forms_claims_lack)
{
    char form[256];
    long long found = 0, id = create_claim();
    th_stamp_fresh("UPDATE claimtrack.ct_claims SET match_text = NULL");
    form_of(id, form, sizeof form);
    ck_assert_str_eq(form, "NULL");

    /* by its text alone, the claim is not found in a paraphrase */
    ck_assert_uint_eq(suggestions_for_paraphrase("before-job", &found), 0);

    ck_assert_int_eq(run_jobs(), 1);
    form_of(id, form, sizeof form);
    ck_assert_str_eq(form, FORM);
    ck_assert_uint_eq(suggestions_for_paraphrase("after-job", &found), 1);
    ck_assert_int_eq(found, id);
    ck_assert_int_eq(run_jobs(), 0);
}
END_TEST

/* A form an older lexicon wrote is rewritten by the job, and the claim
   then records the lexicon of this build. */
START_TEST(the_job_rewrites_forms_of_an_older_lexicon)
{
    char form[256], version[32], sql[160];
    long long id = create_claim();
    th_fresh_text("SELECT match_version FROM claimtrack.ct_claims ORDER BY id DESC LIMIT 1",
                  version, sizeof version);
    ck_assert_str_eq(version, CT_LEXICON_VERSION_TEXT);
    snprintf(sql, sizeof sql, "UPDATE claimtrack.ct_claims SET match_text = 'older form',"
             " match_version = %d WHERE id = %lld", CT_LEXICON_VERSION - 1, id);
    th_stamp_fresh(sql);

    ck_assert_int_eq(run_jobs(), 1);
    form_of(id, form, sizeof form);
    ck_assert_str_eq(form, FORM);
    th_fresh_text("SELECT match_version FROM claimtrack.ct_claims ORDER BY id DESC LIMIT 1",
                  version, sizeof version);
    ck_assert_str_eq(version, CT_LEXICON_VERSION_TEXT);
    ck_assert_int_eq(run_jobs(), 0);
}
END_TEST

START_TEST(the_job_works_in_batches)
{
    char count[128];
    for (int i = 0; i < 3; i++)
        create_claim();
    /* 1,200 claims without a form, as a COPY around the library leaves them */
    th_stamp_fresh("INSERT INTO claimtrack.ct_claims (text, claimant_name, said_at, language,"
                   " created_by) SELECT 'Средняя зарплата в Алматы выросла на ' || g || ' %',"
                   " 'Министерство труда', now(), 'ru', 'copy' FROM generate_series(1, 1200) g");
    th_fresh_text("SELECT count(*) FROM claimtrack.ct_claims WHERE match_text IS NULL",
                  count, sizeof count);
    ck_assert_str_eq(count, "1200");
    /* one /jobs/run works every job until none has anything due: three
       passes of at most 500 claims */
    ck_assert_int_eq(run_jobs(), 3);
    th_fresh_text("SELECT count(*) FROM claimtrack.ct_claims WHERE match_text IS NULL",
                  count, sizeof count);
    ck_assert_str_eq(count, "0");
    th_fresh_text("SELECT match_text FROM claimtrack.ct_claims WHERE text LIKE '% 40 \\%'",
                  count, sizeof count);
    ck_assert_str_eq(count, "средняя зарплата в place2 выросла на 40");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("match_text");
    TCase *tc = tcase_create("match_text");
    tcase_add_checked_fixture(tc, th_setup_fresh, th_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_created_claim_has_its_form);
    tcase_add_test(tc, the_job_writes_the_forms_claims_lack);
    tcase_add_test(tc, the_job_rewrites_forms_of_an_older_lexicon);
    tcase_add_test(tc, the_job_works_in_batches);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
