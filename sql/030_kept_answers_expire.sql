-- 030_kept_answers_expire.sql -- kept answers make room for new ones.
--
-- ct_notice_renders (027) and ct_claim_renders (029) keep one row per
-- article or claim and variant. A variant names the build that composed
-- the answer (its composition) and the time zone, so every upgrade of the
-- library, and every desk configured in another time zone, starts a new
-- set of rows, and the rows of the old ones are never read again: nothing
-- would delete them, and the tables would grow with every release for as
-- long as the desk runs.
--
-- So each row says when it was kept (kept_at), and a row kept more than
-- ct_kept_answer_lifetime() ago has expired: each time an answer is kept,
-- the same statement deletes the two oldest expired rows of its table
-- (src/render/notices.c, src/domain/claims.c). Two for each one kept: a
-- table with expired rows shrinks whenever answers are kept, so it holds
-- about what was composed in the last lifetime, whatever became of the
-- rest; and the cost falls on a compose (a millisecond or more), never on
-- a read of a kept answer. An expired row that is still current is
-- served all the same until it is deleted (what makes a kept answer true
-- is its versions, never its age); once deleted, the next reader composes
-- it anew, about once a day for an article that is read all the time.
--
-- Expired rows are taken oldest first through the index on kept_at, with
-- SKIP LOCKED, so two writers keeping answers at once never wait on each
-- other's deletions; the row being kept is never among them.

CREATE OR REPLACE FUNCTION ct_kept_answer_lifetime() RETURNS interval
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT interval '1 day' $$;

COMMENT ON FUNCTION ct_kept_answer_lifetime() IS
    'How long after it was kept a row of ct_notice_renders or ct_claim_renders expires: each answer kept deletes the two oldest expired rows of its table (sql/030).';

ALTER TABLE ct_notice_renders ADD COLUMN kept_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE ct_claim_renders ADD COLUMN kept_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX ct_notice_renders_kept_at ON ct_notice_renders (kept_at);
CREATE INDEX ct_claim_renders_kept_at ON ct_claim_renders (kept_at);

COMMENT ON COLUMN ct_notice_renders.kept_at IS
    'When the answer was last kept (composed and stored): expired ct_kept_answer_lifetime() later (sql/030).';
COMMENT ON COLUMN ct_claim_renders.kept_at IS
    'When the answer was last kept (composed and stored): expired ct_kept_answer_lifetime() later (sql/030).';
