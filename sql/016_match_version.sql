-- 016_match_version.sql -- which lexicon wrote a claim's comparison form.
--
-- The comparison form (014, src/domain/lexicon.h) depends on the
-- lexicon's phrase lists, which grow. A form written by an older lexicon
-- still works, but misses what was added since: a claim "Smog kills 10,000
-- people a year" written before "pollution" meant smog is not met by a
-- sentence that says "pollution". Each form now records the version of the
-- lexicon that wrote it (CT_LEXICON_VERSION), and the match_text job
-- (src/jobs/match_text.c) rewrites those of older versions, a batch a
-- pass, as it writes the missing ones: upgrading the library needs no
-- rewrite of the claims table in a migration, and until the job reaches a
-- claim the scan compares it by its older form.
--
-- The forms written so far are the first lexicon's: the default, which
-- PostgreSQL keeps in the catalogue without rewriting the table.
ALTER TABLE ct_claims ADD COLUMN match_version integer NOT NULL DEFAULT 1;

CREATE INDEX ct_claims_match_version ON ct_claims (match_version);

COMMENT ON COLUMN ct_claims.match_version IS
    'The version of the lexicon (CT_LEXICON_VERSION) that wrote match_text; the match_text job rewrites older ones.';
