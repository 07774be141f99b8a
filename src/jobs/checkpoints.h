/*
 * checkpoints.h -- the timeline's tree kept current and its head signed.
 *
 * Writers only add their leaves, unnumbered (sql/012_transparency.sql);
 * this job numbers them, a batch at a time, and stores the subtrees they
 * complete, so proofs and checkpoints never wait for a backlog. With a
 * "checkpoint_key" it also signs a checkpoint when the tree has grown and
 * the last checkpoint is checkpoint_interval_s old (domain/tlog.h): one
 * signer at a time however many hosts run the job, since signing holds
 * the sequencer's lock and looks at the last checkpoint under it.
 */
#ifndef CT_CHECKPOINTS_H
#define CT_CHECKPOINTS_H

#include "jobs/job.h"

extern const ct_job ct_checkpoint_job;

#endif
