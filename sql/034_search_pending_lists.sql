-- 034_search_pending_lists.sql -- what a search past its walk reads of
-- claims not yet sorted into its indexes.
--
-- A GIN index (the trigrams of 032, the junctions of 031) puts what a new
-- or changed claim adds into a pending list, an unsorted list of pages
-- that is merged into the index when it reaches gin_pending_list_limit
-- (4 MB by default) or when (auto)vacuum visits the table. Every search
-- that reads the index reads the whole pending list too, whatever q is:
-- at a million claims, after a few thousand claims had been recorded, the
-- junction index's list was 309 pages (9,742 entries) and the trigram
-- index's 379, and "Каждый 7-й житель города Актау" read the junction
-- index in 9.2 ms, against 2.7 ms once the list had been merged. A desk
-- that records claims all day keeps such a list for its readers to read
-- through between two visits of autovacuum.
--
-- Both indexes now keep at most 256 kB pending (32 pages): a search reads
-- at most that much more, and the claim whose entries fill it merges them
-- in the request that records it (about a hundred claims' worth, a few
-- milliseconds, where 4 MB made one claim in a few thousand wait for
-- them all). Writing every claim's entries into the index at once
-- (fastupdate = off, as 014 did for the scan's keys, a claim's one to
-- three) would cost each claim a hundred or so descents of the index for
-- its trigrams. The trigram index may be missing (011: no pg_trgm), and
-- then only the junction index is changed.

ALTER INDEX ct_claims_search_junctions_idx SET (gin_pending_list_limit = 256);

DO $pending$
BEGIN
    IF to_regclass('ct_claims_search_idx') IS NOT NULL THEN
        ALTER INDEX ct_claims_search_idx SET (gin_pending_list_limit = 256);
    END IF;
END
$pending$;
