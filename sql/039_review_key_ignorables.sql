-- 039_review_key_ignorables.sql -- one review key for a claim whatever
-- invisible code points it carries.
--
-- A review is known by its canonical url together with a SHA-256 of the
-- claim's text and claimant in Unicode NFC (005, 024). Code points a
-- reader sees nothing of (Unicode's Default_Ignorable_Code_Point: U+200B
-- ZERO WIDTH SPACE, U+00AD SOFT HYPHEN, U+2060 WORD JOINER, U+FEFF, the
-- joiners and bidirectional marks, variation selectors, tags) were hashed
-- like letters, so a feed that wrote one where another did not (a CMS
-- that breaks long words, text copied from a page) made two claims of one
-- review. The import (src/domain/claimreview_import.c, review_key) now
-- leaves them out of the key, as utf8proc's UTF8PROC_IGNORE does; the
-- class below is the set of the utf8proc the import is built with
-- (Unicode 15.0), range for range. The keys stored before get the same
-- form here.
--
-- As in 024: a key is recomputed only where the claim's text or claimant
-- holds such a code point, and only where the stored key is still the
-- hash of the claim as it stands (a claim whose text an editor changed
-- since keeps its key: its original text is not stored; the import finds
-- such a key when the review comes again with the same text, and gives
-- it today's form then). PostgreSQL's normalize() works only in a UTF8
-- database; in any other the keys are left as they are. Keys that now
-- coincide stay separate claims: all but the first get a distinct key.

DO $$
DECLARE
    ignorable CONSTANT text := '[\u00AD\u034F\u061C\u115F-\u1160\u17B4-\u17B5\u180B-\u180F'
        '\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0'
        '\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0001\U000E0020-\U000E007F'
        '\U000E0100-\U000E01EF]';
BEGIN
    IF current_setting('server_encoding') <> 'UTF8' THEN
        RETURN;
    END IF;
    DROP INDEX ct_imports_identity_idx;
    UPDATE ct_imports i
       SET review_key = encode(sha256(convert_to(
               normalize(regexp_replace(c.text, ignorable, '', 'g'), NFC) || E'\n'
               || normalize(regexp_replace(c.claimant_name, ignorable, '', 'g'), NFC), 'UTF8')), 'hex')
      FROM ct_claims c
     WHERE c.id = i.claim_id
       AND (c.text ~ ignorable OR c.claimant_name ~ ignorable)
       AND i.review_key = encode(sha256(convert_to(normalize(c.text, NFC) || E'\n'
                                                 || normalize(c.claimant_name, NFC), 'UTF8')), 'hex');
    UPDATE ct_imports i SET review_key = i.review_key || '#' || i.id
      FROM (SELECT id, row_number() OVER (PARTITION BY canonical_url, review_key ORDER BY id) AS n
              FROM ct_imports) d
     WHERE d.id = i.id AND d.n > 1;
    CREATE UNIQUE INDEX ct_imports_identity_idx ON ct_imports (canonical_url, review_key);
END
$$;
