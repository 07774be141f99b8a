-- 024_review_key_nfc.sql -- one review key for a claim however its
-- letters are composed.
--
-- A review is known by its canonical url together with a SHA-256 of the
-- claim's text and claimant (005). The key hashed the bytes as the feed
-- wrote them, so "é" as one code point (NFC) and as "e" with a combining
-- accent (NFD, as some editors and macOS write) were two keys, and one
-- review imported in both spellings made two claims. The import
-- (src/domain/claimreview_import.c, review_key) now hashes both in
-- Unicode NFC. The keys stored before get the same form here.
--
-- A key is recomputed only where the claim's text or claimant is not
-- already NFC (every other key is unchanged by NFC) and only where the
-- stored key is still the hash of the claim as it stands (a claim whose
-- text an editor changed since keeps its key: its original text is not
-- stored). PostgreSQL's normalize() works only in a UTF8 database; in any
-- other the keys are left as they are. Keys that now coincide stay
-- separate claims: all but the first get a distinct key, as 005 and 023
-- did.

DO $$
BEGIN
    IF current_setting('server_encoding') <> 'UTF8' THEN
        RETURN;
    END IF;
    DROP INDEX ct_imports_identity_idx;
    UPDATE ct_imports i
       SET review_key = encode(sha256(convert_to(normalize(c.text, NFC) || E'\n'
                                                 || normalize(c.claimant_name, NFC), 'UTF8')), 'hex')
      FROM ct_claims c
     WHERE c.id = i.claim_id
       AND (c.text IS NOT NFC NORMALIZED OR c.claimant_name IS NOT NFC NORMALIZED)
       AND i.review_key = encode(sha256(convert_to(c.text || E'\n' || c.claimant_name, 'UTF8')), 'hex');
    UPDATE ct_imports i SET review_key = i.review_key || '#' || i.id
      FROM (SELECT id, row_number() OVER (PARTITION BY canonical_url, review_key ORDER BY id) AS n
              FROM ct_imports) d
     WHERE d.id = i.id AND d.n > 1;
    CREATE UNIQUE INDEX ct_imports_identity_idx ON ct_imports (canonical_url, review_key);
END
$$;
