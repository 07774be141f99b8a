/*
 * evidence.h -- archived copies of the sources linked to claims.
 *
 * When a claim with a source_url or a response with a url is recorded, the
 * database queues the URL (sql/003_outbound.sql); a worker fetches it
 * safely (fetch.h) and keeps status, final URL, content type, title, size,
 * SHA-256 and the body up to the configured cap, with an
 * "evidence_archived" timeline event. Failures are retried with backoff,
 * then marked failed for moderators to see.
 */
#ifndef CT_EVIDENCE_H
#define CT_EVIDENCE_H

#include <stdbool.h>

#include "base/error.h"
#include "net/fetch.h"
#include "jobs/job.h"
#include "store/store.h"

/* The archiving queue as a job (job.h). */
extern const ct_job ct_evidence_job;

/* Fetch one due source, if any; *done tells whether there was one. With
   run (job.h), only a source due by run->due_by is taken, and none once its
   deadline has passed. */
ct_rc ct_evidence_process_one(ct_conn *conn, const ct_outbound_config *cfg,
                              const ct_fetch_policy *policy, ct_job_run *run, bool *done,
                              ct_error *err);

/* An archived copy: *body (malloc'd text or base64), its content type for
   the envelope, and whether it is base64. CT_ENOTFOUND when not visible. */
ct_rc ct_evidence_copy(ct_conn *conn, const char *evidence_id, bool include_unpublished,
                       char **body, const char **content_type, bool *base64, ct_error *err);

/* {"evidence":[...]}: the newest limit rows (of one status when status is
   not NULL: pending, archived, failed), listed in ascending id order. */
ct_rc ct_evidence_list(ct_conn *conn, const char *status, int limit, char **json_out,
                       ct_error *err);

/* The statements of this module, NULL-ended, for the pool to prepare. */
extern const ct_stmt *const ct_evidence_sql[];

#endif
