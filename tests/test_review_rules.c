/*
 * test_review_rules.c -- the status transition table of src/domain/review.c:
 * every one of the 7x7 (from, to) pairs against a matrix written out here,
 * unknown and NULL names, and which statuses may be published.
 * Pure functions: no database, no plugin.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "testhost.h"
#include "review.h"
#include "base/vocabulary.h"

#define N_STATUS 7

static const char *const names[N_STATUS] = {
    "disputed", "under_review", "rebutted", "corrected", "retracted", "confirmed",
    "dismissed"
};

/*
 * expected[from][to]: 1 when a claim may go from `from` to `to`.
 * Self-transitions are allowed (a review may change only the rating, add a
 * note or publish). Open statuses may go anywhere; a verdict can always be
 * reopened to under_review; a rebuttal may still become a correction or a
 * retraction, a correction a retraction; a retraction is final unless
 * reopened.
 */
static const int expected[N_STATUS][N_STATUS] = {
    /*                 disp  u_rev  rebut  corr  retr  conf  dism */
    /* disputed     */ {1,    1,     1,     1,    1,    1,    1},
    /* under_review */ {1,    1,     1,     1,    1,    1,    1},
    /* rebutted     */ {0,    1,     1,     1,    1,    0,    0},
    /* corrected    */ {0,    1,     0,     1,    1,    0,    0},
    /* retracted    */ {0,    1,     0,     0,    1,    0,    0},
    /* confirmed    */ {0,    1,     0,     0,    0,    1,    0},
    /* dismissed    */ {0,    1,     0,     0,    0,    0,    1},
};

/* Verdicts: the statuses that may be published. */
static const int publishable[N_STATUS] = {0, 0, 1, 1, 1, 1, 1};

START_TEST(statuses_are_the_seven_in_table_order)
{
    int n = 0;
    while (ct_vocab_status_keys[n] != NULL) {
        ck_assert_int_lt(n, N_STATUS);
        ck_assert_str_eq(ct_vocab_status_keys[n], names[n]);
        n++;
    }
    ck_assert_int_eq(n, N_STATUS);
}
END_TEST

/* One loop iteration per (from, to) pair: _i = from * 7 + to. */
START_TEST(transition_matrix)
{
    int from = _i / N_STATUS, to = _i % N_STATUS;
    /* Copies, as the names arrive from a request, not from ct_vocab_status_keys. */
    char f[32], t[32];
    snprintf(f, sizeof f, "%s", names[from]);
    snprintf(t, sizeof t, "%s", names[to]);

    bool got = ct_transition_allowed(f, t);
    ck_assert_msg(got == (expected[from][to] != 0), "%s -> %s: got %s, expected %s",
                  f, t, got ? "allowed" : "refused",
                  expected[from][to] ? "allowed" : "refused");
}
END_TEST

START_TEST(every_verdict_can_be_reopened_and_retraction_is_otherwise_final)
{
    for (int s = 0; s < N_STATUS; s++)
        ck_assert_msg(ct_transition_allowed(names[s], "under_review"),
                      "%s cannot be reopened", names[s]);
    int ways_out = 0;
    for (int t = 0; t < N_STATUS; t++)
        if (strcmp(names[t], "retracted") != 0 && ct_transition_allowed("retracted", names[t]))
            ways_out++;
    ck_assert_int_eq(ways_out, 1);
}
END_TEST

START_TEST(unknown_and_null_names_are_never_allowed)
{
    static const char *const unknown[] = {
        "", "Disputed", "UNDER_REVIEW", "under review", "under-review", "rebutted ",
        " confirmed", "published", "open", "dismiss", "disputedx"
    };
    const size_t n_unknown = sizeof unknown / sizeof unknown[0];

    for (size_t u = 0; u < n_unknown; u++) {
        ck_assert_msg(!ct_transition_allowed(unknown[u], unknown[u]),
                      "\"%s\" -> itself allowed", unknown[u]);
        for (int s = 0; s < N_STATUS; s++) {
            ck_assert_msg(!ct_transition_allowed(unknown[u], names[s]),
                          "\"%s\" -> %s allowed", unknown[u], names[s]);
            ck_assert_msg(!ct_transition_allowed(names[s], unknown[u]),
                          "%s -> \"%s\" allowed", names[s], unknown[u]);
        }
    }
    for (int s = 0; s < N_STATUS; s++) {
        ck_assert_msg(!ct_transition_allowed(NULL, names[s]), "NULL -> %s allowed", names[s]);
        ck_assert_msg(!ct_transition_allowed(names[s], NULL), "%s -> NULL allowed", names[s]);
    }
    ck_assert(!ct_transition_allowed(NULL, NULL));
}
END_TEST

START_TEST(publishable_exactly_for_verdicts)
{
    for (int s = 0; s < N_STATUS; s++) {
        char copy[32];
        snprintf(copy, sizeof copy, "%s", names[s]);
        ck_assert_msg(ct_status_publishable(copy) == (publishable[s] != 0),
                      "%s publishable: got %d", copy, (int)ct_status_publishable(copy));
    }
    ck_assert(!ct_status_publishable(NULL));
    ck_assert(!ct_status_publishable(""));
    ck_assert(!ct_status_publishable("published"));
    ck_assert(!ct_status_publishable("Confirmed"));
    ck_assert(!ct_status_publishable("confirmed "));
    ck_assert(!ct_status_publishable("verdict"));
}
END_TEST

static Suite *review_rules_suite(void)
{
    Suite *s = suite_create("review_rules");

    TCase *tc = tcase_create("statuses");
    tcase_add_test(tc, statuses_are_the_seven_in_table_order);
    tcase_add_loop_test(tc, transition_matrix, 0, N_STATUS * N_STATUS);
    tcase_add_test(tc, every_verdict_can_be_reopened_and_retraction_is_otherwise_final);
    tcase_add_test(tc, unknown_and_null_names_are_never_allowed);
    tcase_add_test(tc, publishable_exactly_for_verdicts);
    suite_add_tcase(s, tc);

    return s;
}

int main(void)
{
    return th_run_suite(review_rules_suite());
}
