-- 018_functions_planned_once.sql -- the functions every write calls,
-- planned once a session instead of once a statement.
--
-- PostgreSQL runs a LANGUAGE sql function that it cannot inline (its body
-- holds a sub-query, or uses an argument twice) by parsing and planning
-- that body anew for each statement that calls it: the plan lives only as
-- long as the calling statement. A plugin's write is a few single-row
-- statements, so each of them paid that for every such function its
-- generated columns, CHECKs and triggers call. PL/pgSQL keeps its plans
-- for the session. 014 made ct_match_keys PL/pgSQL for that reason; these
-- are the rest, with the same bodies and so the same results:
--
--   ct_match_terms       three times for each claim written (the
--                        generated match_terms, match_keys, match_content)
--   ct_match_content     twice, and from ct_match_keys and ct_match_probe
--   ct_match_place_terms from ct_match_keys and ct_match_probe
--   ct_match_numbers     from ct_match_keys and ct_match_probe
--   ct_event_time        twice for each event: its timeline leaf (012)
--
-- Measured with track_functions = 'all' on 1,000 claims, POST /claims from
-- two threads: these took 2.3 of the 8 s the two threads spent, 28 %
-- (ct_match_terms 95 us a call). ct_vocabulary, which the CHECKs call, is
-- made PL/pgSQL where it is made (tools/vocabulary.awk). test_migrate's
-- write_path_functions_are_planned_once keeps it so.
--
-- The stored match columns need no rewrite: the values do not change.

CREATE OR REPLACE FUNCTION ct_match_terms(language text, body text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN CASE WHEN ct_match_config(language) = 'pg_catalog.simple'::regconfig
                THEN ARRAY(SELECT DISTINCT CASE WHEN l ~ '^([0-9]+|place[0-9]+)$'
                                                THEN l ELSE left(l, 5) END
                             FROM unnest(tsvector_to_array(to_tsvector('pg_catalog.simple', body))) l
                            WHERE length(l) >= 3 OR l ~ '^[0-9]+$' ORDER BY 1)
                ELSE tsvector_to_array(to_tsvector(ct_match_config(language), body)) END;
END
$$;

CREATE OR REPLACE FUNCTION ct_match_content(terms text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN ARRAY(SELECT t FROM unnest(terms) t WHERE t !~ '^([0-9]+|place[0-9]+)$');
END
$$;

CREATE OR REPLACE FUNCTION ct_match_place_terms(terms text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN ARRAY(SELECT t FROM unnest(terms) t WHERE t ~ '^place[0-9]+$' ORDER BY t COLLATE "C");
END
$$;

CREATE OR REPLACE FUNCTION ct_match_numbers(terms text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN ARRAY(SELECT t FROM unnest(terms) t
                  WHERE t ~ '^[0-9]+$' AND NOT (length(t) = 4 AND t BETWEEN '1900' AND '2100')
                  ORDER BY t COLLATE "C");
END
$$;

CREATE OR REPLACE FUNCTION ct_event_time(t timestamptz) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN CASE WHEN isfinite(t) AND t >= '0001-01-01 00:00:00+00'::timestamptz
                THEN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                ELSE extract(epoch FROM t)::text END;
END
$$;
