/*
 * match_text.c -- the match_text job (see match_text.h).
 *
 * One pass reads a batch of claims without a comparison form (through the
 * partial index ct_claims_match_text_missing) or with one an older lexicon
 * wrote (ct_claims_match_version), locks them, computes each
 * form here in C (domain/lexicon.c), and writes them all in one UPDATE;
 * the claims' match columns are generated from it. A pass that wrote any
 * reports itself done, so the scheduler comes back at once until none is
 * left (POST /jobs/run counts the passes that wrote: 3 for 1,200 claims).
 */
#include "jobs/match_text.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "domain/lexicon.h"

static const ct_stmt stmt_missing = {"ct_match_text_missing",
    "SELECT id, language, text FROM ct_claims"
    " WHERE match_text IS NULL OR match_version < " CT_LEXICON_VERSION_TEXT
    " ORDER BY id LIMIT " CT_MATCH_TEXT_BATCH_TEXT " FOR UPDATE SKIP LOCKED", 0};

static const ct_stmt stmt_write = {"ct_match_text_write",
    "UPDATE ct_claims c SET match_text = u.form, match_version = " CT_LEXICON_VERSION_TEXT
    "  FROM unnest($1::bigint[], $2::text[]) AS u(id, form) WHERE c.id = u.id", 2};

/* The forms of the rows read, as two array literals. */
static ct_rc forms_of(const ct_rows *rows, ct_buf *ids, ct_buf *forms, ct_error *err)
{
    size_t n = ct_rows_count(rows);
    for (size_t r = 0; r < n; r++) {
        const char *text = ct_rows_get(rows, r, 2);
        char *form = ct_lexicon_normalize(ct_rows_get(rows, r, 1), text, strlen(text));
        if (form == NULL)
            return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        ct_buf_appendf(ids, "%s%s", r == 0 ? "{" : ",", ct_rows_get(rows, r, 0));
        if (r == 0)
            ct_buf_append(forms, "{");
        ct_buf_append_array_item(forms, form, strlen(form), r == 0);
        free(form);
    }
    ct_buf_append(ids, n ? "}" : "{}");
    ct_buf_append(forms, n ? "}" : "{}");
    return ids->failed || forms->failed
         ? ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory") : CT_OK;
}

static ct_rc match_text_pass(ct_conn *conn, const ct_outbound_config *cfg,
                             const ct_fetch_policy *policy, ct_job_run *run, bool *done,
                             ct_error *err)
{
    ct_rows *rows = NULL;
    ct_buf ids = CT_BUF_INIT, forms = CT_BUF_INIT;
    size_t n = 0;
    ct_rc rc = ct_tx_begin(conn, err);

    (void)cfg;
    (void)policy;
    (void)run;                  /* local work: no budget to keep */
    if (rc == CT_OK)
        rc = ct_exec(conn, &stmt_missing, 0, NULL, &rows, err);
    if (rc == CT_OK && (n = ct_rows_count(rows)) > 0)
        rc = forms_of(rows, &ids, &forms, err);
    const char *params[2] = {ids.data, forms.data};
    if (rc == CT_OK && n > 0)
        rc = ct_exec(conn, &stmt_write, 2, params, NULL, err);
    if (rc == CT_OK)
        rc = ct_tx_commit(conn, err);
    else
        ct_tx_rollback(conn);
    *done = rc == CT_OK && n > 0;
    ct_rows_free(rows);
    ct_buf_free(&ids);
    ct_buf_free(&forms);
    return rc;
}

const ct_stmt *const ct_match_text_sql[] = {&stmt_missing, &stmt_write, NULL};

const ct_job ct_match_text_job = {"match_text", NULL, match_text_pass};
