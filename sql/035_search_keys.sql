-- 035_search_keys.sql -- a phrase is looked up by its two rarest junctions.
--
-- GET /claims?q= past its walk reads the junction index of 031 for a q
-- that has junctions, asking for the claims that hold every one of them.
-- GIN reads the rarest junction's list and, for each claim on it, looks
-- the claim up in every other junction's list: in a list as long as a
-- tenth of the desk that means decoding most of its pages. At a million
-- claims "Каждый 7-й житель города Актау" has four junctions, two of them
-- ("-й жи", "ль го") in 116,000 claims each; the index step took 3.6 ms
-- for the 544 claims holding all four, and 0.7 ms for the same 544 found
-- through the two rarest ("ый 7-", "да ак"). LIKE decides in both cases.
--
-- Any of q's junctions still find a superset of the answer (a piece of q
-- is a piece of what contains q), so which ones are asked changes how
-- fast a search is, never what it finds. Which are rare is what
-- PostgreSQL's statistics of ct_claims.search_junctions say: the plugin
-- keeps their most common elements (pg_stats.most_common_elems, about a
-- thousand, each with its share of the sampled claims) and sends with each
-- search the ones that are in q, most common first
-- (src/domain/search_stats.c). A junction missing from that list is
-- rarer than any on it.

-- The junctions of q the index step asks for: at most two, those not in
-- common first (in the byte order junctions come in), then the least
-- common of those in it (common: most common first). With common NULL
-- (no statistics yet: the table was never analysed) every junction, as
-- before, and GIN takes the rarest by the length of each list.
-- PL/pgSQL, as 018 and 031 made their functions: planned once a session.
-- IMMUTABLE for the same reason as ct_search_junctions: the search is
-- planned for its values, and the keys are computed once, at planning.
CREATE OR REPLACE FUNCTION ct_search_keys(junctions text[], common text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF common IS NULL OR junctions IS NULL THEN
        RETURN junctions;
    END IF;
    RETURN ARRAY(SELECT u.j FROM unnest(junctions) WITH ORDINALITY AS u(j, n)
                  ORDER BY array_position(common, u.j) DESC NULLS FIRST, u.n
                  LIMIT 2);
END
$$;

COMMENT ON FUNCTION ct_search_keys(text[], text[]) IS
    'The junctions GET /claims?q= asks the junction index for (sql/035): at most two of junctions, those not in common (most common first) before the least common of those in it; all of them when common is NULL.';
