-- 017_evidence_by_response.sql -- a response's archived source, found by
-- an index.
--
-- Every claim and every notice names, for each response, the first
-- archived copy of the response's source (domain/claim_json.h,
-- RESPONSES_JSON: min(id) of ct_evidence WHERE response_id = the
-- response's AND status = 'archived'). ct_evidence had indexes by claim
-- and by due time, none by response, so that look-up read ct_evidence
-- whole, or its primary key from the start until a match: once per
-- response, on every claim read and every article's notices, growing
-- with the archive. A desk has a row in ct_evidence for nearly every
-- response (003's trigger queues each response's url), so at a hundred
-- thousand responses the claim read that took a fraction of a
-- millisecond took tens.
--
-- The index holds the rows that belong to a response (a claim's own
-- source_url has none), in id order, so the look-up reads the response's
-- few rows and takes the first archived one. It also serves the check of
-- ct_evidence_response_ref when a response is removed by hand.
--
-- Built in the migration's transaction: ct_evidence's writers wait for
-- it, about a second for a million rows.
CREATE INDEX ct_evidence_response_idx ON ct_evidence (response_id, id)
    WHERE response_id IS NOT NULL;

COMMENT ON INDEX ct_evidence_response_idx IS
    'A response''s archived sources, first first: the evidence_id of every response in claims and notices.';
