-- 021_local_date_times.sql -- a date-time written without an offset is the
-- newsroom's wall-clock time, like a date written without a time.
--
-- Fact-checkers' ClaimReview often gives a date-time with no offset
-- ("2025-12-22T20:00:00", schema.org's DateTime allows it), and the
-- import (src/domain/claimreview_import.c) used to read it as UTC. In a
-- newsroom east of Greenwich that moved the evening of the 22nd to the
-- 23rd in every notice and in the ClaimReview feed, while a date alone
-- ("2025-12-22") stayed the 22nd: the two spellings of one day disagreed.
-- ct_instant now reads both in the newsroom's time zone (ct_time_zone,
-- DST included). The API's own fields are RFC 3339 and always carry an
-- offset (base/validate.h), so what they store does not change.
--
-- Still one expression, so PostgreSQL inlines it into the writes that
-- call it (test_migrate's write_path_functions_are_planned_once).
CREATE OR REPLACE FUNCTION ct_instant(t text) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN length(t) = 10 THEN t::date::timestamp AT TIME ZONE ct_time_zone()
                WHEN t ~ '([Zz]|[+-][0-9]{2}:[0-9]{2})$' THEN t::timestamptz
                ELSE t::timestamp AT TIME ZONE ct_time_zone() END
$$;

COMMENT ON FUNCTION ct_instant(text) IS
    'A validated date or date-time as an instant: a date alone is the newsroom''s local midnight, a date-time without an offset its wall-clock time (ct_time_zone).';
