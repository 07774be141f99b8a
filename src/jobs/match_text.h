/*
 * match_text.h -- claims given their comparison form.
 *
 * A claim created through the library gets its comparison form
 * (domain/lexicon.h) in the same statement. Claims that have none -- those
 * recorded before migration 014, or copied into ct_claims around the
 * library -- are matched by their text alone until this job writes their
 * form; claims whose form an older lexicon wrote (match_version below
 * CT_LEXICON_VERSION) by that form until it rewrites it:
 * CT_MATCH_TEXT_BATCH claims a pass, oldest first, each pass one
 * transaction, skipping claims another host's pass holds.
 */
#ifndef CT_MATCH_TEXT_H
#define CT_MATCH_TEXT_H

#include "jobs/job.h"

#define CT_MATCH_TEXT_BATCH      500
#define CT_MATCH_TEXT_BATCH_TEXT "500"   /* the same, for the statement */

extern const ct_job ct_match_text_job;
extern const ct_stmt *const ct_match_text_sql[];

#endif
