/*
 * checkpoints.c -- the sequencing and signing job (see checkpoints.h).
 *
 * One pass numbers at most CT_TLOG_SEQUENCE_BATCH leaves (one statement,
 * its own transaction) and, when a key is configured, signs in a second
 * transaction if a checkpoint is due. A pass that did either reports
 * itself done, so the scheduler comes back at once until the backlog is
 * gone, then waits its poll interval.
 */
#include "jobs/checkpoints.h"

#include <stdlib.h>

#include "domain/tlog.h"

static ct_rc sign_if_due(ct_conn *conn, const ct_checkpoint_config *cp, bool *signed_one,
                         ct_error *err)
{
    char *json = NULL;
    ct_rc rc = ct_tx_begin(conn, err);

    if (rc == CT_OK)
        rc = ct_tlog_sign(conn, &cp->key, cp->trusted, cp->ntrusted, cp->origin, "claimtrack",
                          cp->interval_s, signed_one, &json, err);
    if (rc == CT_OK)
        rc = ct_tx_commit(conn, err);
    else
        ct_tx_rollback(conn);
    free(json);
    return rc;
}

static ct_rc checkpoint_pass(ct_conn *conn, const ct_outbound_config *cfg,
                             const ct_fetch_policy *policy, ct_job_run *run, bool *done,
                             ct_error *err)
{
    uint64_t added = 0;
    bool signed_one = false;
    ct_rc rc = ct_tlog_sequence(conn, CT_TLOG_SEQUENCE_BATCH, NULL, &added, err);

    (void)policy;
    (void)run;                  /* local work: no budget to keep */
    if (rc == CT_OK && added < CT_TLOG_SEQUENCE_BATCH && cfg->checkpoint.has_key)
        rc = sign_if_due(conn, &cfg->checkpoint, &signed_one, err);
    *done = rc == CT_OK && (added == CT_TLOG_SEQUENCE_BATCH || signed_one);
    return rc;
}

const ct_job ct_checkpoint_job = {"checkpoints", NULL, checkpoint_pass};
