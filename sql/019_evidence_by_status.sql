-- 019_evidence_by_status.sql -- the archive's failed and pending sources,
-- found by an index.
--
-- A moderator's list of the sources that failed (GET /evidence?status=
-- failed, src/jobs/evidence.c) is the newest N rows of that status. With
-- no index by status, PostgreSQL walked the primary key from the newest
-- row back and dropped every row of another status until it had N: on a
-- healthy desk nearly every row is archived, so a list of the few that
-- failed read the whole archive, a row for every claim's and every
-- response's source, and the fewer the failures the longer it took.
--
-- The index holds every row by status, then id, so the list reads the
-- rows it answers and no other. Built in the migration's transaction:
-- ct_evidence's writers wait for it, about a second for a million rows.
CREATE INDEX ct_evidence_status_idx ON ct_evidence (status, id);

COMMENT ON INDEX ct_evidence_status_idx IS
    'The sources of one status, newest last: GET /evidence?status=.';
