-- 006_invariants.sql -- every constraint named for what it says, the rules
-- the code already keeps written down as CHECKs, and a COMMENT on every
-- table and on the columns that need one.
--
-- Names: <table>_<what>_<rule>, e.g. ct_claims_status_known,
-- ct_mentions_position_order. Earlier migrations let PostgreSQL name their
-- constraints (ct_claims_status_check, ct_mentions_check,
-- ct_responses_claim_id_fkey, ...); those are renamed here. Primary keys
-- keep <table>_pkey, the name an explicit declaration would give them.
-- New constraints must be named where they are declared.
--
-- The CHECKs added here hold for every row any release could write: each
-- restates what the request decoding (src/door/routes.c, src/base/validate.c),
-- the statements and the workers (src/domain/, src/jobs/) have always done.
-- The one exception found is fixed before its CHECK is added (ct_outbox,
-- below). Lengths are in code points (length() in a UTF8 database), URL
-- lengths in bytes, as the validator counts them.

-- ---- renamed: names PostgreSQL generated ---------------------------------------

ALTER TABLE ct_claims RENAME CONSTRAINT ct_claims_text_check          TO ct_claims_text_length;
ALTER TABLE ct_claims RENAME CONSTRAINT ct_claims_claimant_name_check TO ct_claims_claimant_name_length;
ALTER TABLE ct_claims RENAME CONSTRAINT ct_claims_claimant_role_check TO ct_claims_claimant_role_length;
ALTER TABLE ct_claims RENAME CONSTRAINT ct_claims_claimant_type_check TO ct_claims_claimant_type_known;
ALTER TABLE ct_claims RENAME CONSTRAINT ct_claims_venue_check         TO ct_claims_venue_length;
ALTER TABLE ct_claims RENAME CONSTRAINT ct_claims_language_check      TO ct_claims_language_tag;
ALTER TABLE ct_claims RENAME CONSTRAINT ct_claims_source_url_check    TO ct_claims_source_url_http;
ALTER TABLE ct_claims RENAME CONSTRAINT ct_claims_status_check        TO ct_claims_status_known;
ALTER TABLE ct_claims RENAME CONSTRAINT ct_claims_rating_check        TO ct_claims_rating_length;
ALTER TABLE ct_claims RENAME CONSTRAINT ct_claims_version_check       TO ct_claims_version_positive;

ALTER TABLE ct_responses RENAME CONSTRAINT ct_responses_claim_id_fkey TO ct_responses_claim_ref;
ALTER TABLE ct_responses RENAME CONSTRAINT ct_responses_kind_check    TO ct_responses_kind_known;
ALTER TABLE ct_responses RENAME CONSTRAINT ct_responses_by_name_check TO ct_responses_by_name_length;
ALTER TABLE ct_responses RENAME CONSTRAINT ct_responses_by_role_check TO ct_responses_by_role_length;
ALTER TABLE ct_responses RENAME CONSTRAINT ct_responses_summary_check TO ct_responses_summary_length;
ALTER TABLE ct_responses RENAME CONSTRAINT ct_responses_url_check     TO ct_responses_url_http;

ALTER TABLE ct_mentions RENAME CONSTRAINT ct_mentions_claim_id_fkey        TO ct_mentions_claim_ref;
ALTER TABLE ct_mentions RENAME CONSTRAINT ct_mentions_article_id_check     TO ct_mentions_article_id_length;
ALTER TABLE ct_mentions RENAME CONSTRAINT ct_mentions_article_url_check    TO ct_mentions_article_url_http;
ALTER TABLE ct_mentions RENAME CONSTRAINT ct_mentions_quote_exact_check    TO ct_mentions_quote_exact_length;
ALTER TABLE ct_mentions RENAME CONSTRAINT ct_mentions_quote_prefix_check   TO ct_mentions_quote_prefix_length;
ALTER TABLE ct_mentions RENAME CONSTRAINT ct_mentions_quote_suffix_check   TO ct_mentions_quote_suffix_length;
ALTER TABLE ct_mentions RENAME CONSTRAINT ct_mentions_position_start_check TO ct_mentions_position_start_nonnegative;
-- position_end >= position_start: a column CHECK naming two columns gets
-- the table's name alone.
ALTER TABLE ct_mentions RENAME CONSTRAINT ct_mentions_check                TO ct_mentions_position_order;
ALTER TABLE ct_mentions RENAME CONSTRAINT ct_mentions_anchor_method_check  TO ct_mentions_anchor_method_known;
ALTER TABLE ct_mentions RENAME CONSTRAINT ct_mentions_anchor_score_check   TO ct_mentions_anchor_score_range;

ALTER TABLE ct_events RENAME CONSTRAINT ct_events_claim_id_fkey TO ct_events_claim_ref;
ALTER TABLE ct_events RENAME CONSTRAINT ct_events_type_check    TO ct_events_type_known;

ALTER TABLE ct_imports RENAME CONSTRAINT ct_imports_claim_id_fkey    TO ct_imports_claim_ref;
ALTER TABLE ct_imports RENAME CONSTRAINT ct_imports_review_url_check TO ct_imports_review_url_http;

ALTER TABLE ct_evidence RENAME CONSTRAINT ct_evidence_claim_id_fkey    TO ct_evidence_claim_ref;
ALTER TABLE ct_evidence RENAME CONSTRAINT ct_evidence_response_id_fkey TO ct_evidence_response_ref;
ALTER TABLE ct_evidence RENAME CONSTRAINT ct_evidence_status_check     TO ct_evidence_status_known;

ALTER TABLE ct_outbox RENAME CONSTRAINT ct_outbox_event_id_fkey TO ct_outbox_event_ref;
ALTER TABLE ct_outbox RENAME CONSTRAINT ct_outbox_status_check  TO ct_outbox_status_known;

-- ---- ct_claims -------------------------------------------------------------------

ALTER TABLE ct_claims
    -- ct_language_valid: a tag of at most 35 characters
    ADD CONSTRAINT ct_claims_language_length CHECK (length(language) <= 35),
    -- ct_url_valid: at most CT_URL_MAX (2048) bytes
    ADD CONSTRAINT ct_claims_source_url_length CHECK (octet_length(source_url) <= 2048),
    -- the actor's id: 1 to 200 code points (door/api.c)
    ADD CONSTRAINT ct_claims_created_by_length CHECK (length(created_by) BETWEEN 1 AND 200),
    -- a review sets published_at when it publishes and clears it when it
    -- withdraws (review.c)
    ADD CONSTRAINT ct_claims_published_at_when_published
        CHECK (published = (published_at IS NOT NULL)),
    -- only a verdict with a rating can be published: not while the claim
    -- is disputed or under review (the statuses that are no verdict; an
    -- array literal, so that it is not taken for a list of the statuses)
    ADD CONSTRAINT ct_claims_published_verdict
        CHECK (NOT published OR (rating IS NOT NULL
                                 AND status <> ALL ('{disputed,under_review}'::text[])));

-- ---- ct_responses ----------------------------------------------------------------

ALTER TABLE ct_responses
    ADD CONSTRAINT ct_responses_url_length CHECK (octet_length(url) <= 2048),
    ADD CONSTRAINT ct_responses_created_by_length CHECK (length(created_by) BETWEEN 1 AND 200);

-- ---- ct_mentions -----------------------------------------------------------------

ALTER TABLE ct_mentions
    ADD CONSTRAINT ct_mentions_article_url_length CHECK (octet_length(article_url) <= 2048),
    ADD CONSTRAINT ct_mentions_created_by_length CHECK (length(created_by) BETWEEN 1 AND 200),
    -- a TextPositionSelector is given whole or not at all, and anchoring
    -- writes or keeps both offsets
    ADD CONSTRAINT ct_mentions_position_pair
        CHECK ((position_start IS NULL) = (position_end IS NULL)),
    -- anchoring writes the method and its score together
    ADD CONSTRAINT ct_mentions_anchor_pair
        CHECK ((anchor_method IS NULL) = (anchor_score IS NULL)),
    -- the method says orphaned exactly when the mention is (mentions
    -- orphaned before 004 have no method yet)
    ADD CONSTRAINT ct_mentions_orphaned_method
        CHECK (anchor_method IS NULL OR orphaned = (anchor_method = 'orphaned')),
    -- only anchoring orphans a mention or gives it a method, and it stamps
    -- anchored_at when it does
    ADD CONSTRAINT ct_mentions_anchored_at_set
        CHECK (anchored_at IS NOT NULL OR (NOT orphaned AND anchor_method IS NULL)),
    -- a mention that anchoring found has the position it was found at
    ADD CONSTRAINT ct_mentions_found_positioned
        CHECK (orphaned OR anchored_at IS NULL OR position_start IS NOT NULL);

-- ---- ct_events -------------------------------------------------------------------

ALTER TABLE ct_events
    -- a request's actor (1 to 200 code points) or the workers' 'claimtrack'
    ADD CONSTRAINT ct_events_actor_id_length CHECK (length(actor_id) BETWEEN 1 AND 200),
    -- a role word (reader, editor, moderator, admin) or the workers' 'system'
    ADD CONSTRAINT ct_events_actor_role_word CHECK (actor_role ~ '^[a-z][a-z0-9_]*$'),
    ADD CONSTRAINT ct_events_payload_object CHECK (jsonb_typeof(payload) = 'object');

-- ---- ct_imports ------------------------------------------------------------------

ALTER TABLE ct_imports
    ADD CONSTRAINT ct_imports_review_url_length CHECK (octet_length(review_url) <= 2048),
    -- libcurl's https form, or the url as given when libcurl cannot read
    -- it (and 005's lower-cased url for a row that had no claim)
    ADD CONSTRAINT ct_imports_canonical_url_http CHECK (canonical_url ~* '^https?://'),
    -- hex SHA-256 of what is reviewed; 005 left '' where it had no claim to
    -- digest and appended '#<id>' to earlier imports that shared an identity
    ADD CONSTRAINT ct_imports_review_key_digest
        CHECK (review_key ~ '^([0-9a-f]{64})?(#[0-9]+)?$'),
    -- the reviewer is the rebuttal's "by", 1 to 200 code points
    ADD CONSTRAINT ct_imports_reviewer_length CHECK (length(reviewer) BETWEEN 1 AND 200);

-- ---- ct_evidence -----------------------------------------------------------------

ALTER TABLE ct_evidence
    -- copied from ct_claims.source_url or ct_responses.url by the trigger
    ADD CONSTRAINT ct_evidence_url_http CHECK (url ~* '^https?://'),
    ADD CONSTRAINT ct_evidence_url_length CHECK (octet_length(url) <= 2048),
    -- taking a fetch adds one, giving it back unfetched takes one off, never below 0
    ADD CONSTRAINT ct_evidence_attempts_nonnegative CHECK (attempts >= 0),
    ADD CONSTRAINT ct_evidence_size_nonnegative CHECK (size >= 0),
    ADD CONSTRAINT ct_evidence_sha256_hex CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- only a 2xx or 3xx answer is archived; anything else is retried
    ADD CONSTRAINT ct_evidence_http_status_ok CHECK (http_status BETWEEN 200 AND 399),
    -- the page's <title>, whitespace collapsed, kept only when 1 to 500 code points
    ADD CONSTRAINT ct_evidence_title_length CHECK (length(title) BETWEEN 1 AND 500),
    ADD CONSTRAINT ct_evidence_content_type_nonempty CHECK (content_type <> ''),
    -- archiving stores the whole snapshot in one statement
    ADD CONSTRAINT ct_evidence_archived_complete
        CHECK (status <> 'archived' OR (fetched_at IS NOT NULL AND http_status IS NOT NULL
                                        AND size IS NOT NULL AND sha256 IS NOT NULL
                                        AND body IS NOT NULL)),
    -- a fetch fails for good only after an attempt that says why
    ADD CONSTRAINT ct_evidence_failed_explained CHECK (status <> 'failed' OR error IS NOT NULL),
    -- a worker holds a lease only on a pending fetch; storing the outcome ends it
    ADD CONSTRAINT ct_evidence_lease_pending CHECK (status = 'pending' OR lease_until IS NULL);

-- ---- ct_outbox -------------------------------------------------------------------

-- A delivery is marked delivered together with delivered_at, and a
-- redelivery clears both; but a worker whose lease had run out could still
-- record a failure on a row another worker had delivered meanwhile, which
-- left delivered_at set on a pending or dead row. The receiver did answer
-- 2xx at delivered_at, so such a row is delivered. From here on the CHECK
-- refuses that late failure and the row stays delivered.
UPDATE ct_outbox SET status = 'delivered', lease_until = NULL
 WHERE delivered_at IS NOT NULL AND status <> 'delivered';

ALTER TABLE ct_outbox
    -- the webhook event names ct_outbox_enqueue() writes
    ADD CONSTRAINT ct_outbox_type_known CHECK (type IN (
        'claim.recorded', 'response.linked', 'claim.status_changed', 'claim.verdict_changed',
        'claim.published', 'claim.unpublished', 'evidence.archived')),
    -- a configured webhook's url (ct_url_valid)
    ADD CONSTRAINT ct_outbox_url_http CHECK (url ~* '^https?://'),
    ADD CONSTRAINT ct_outbox_url_length CHECK (octet_length(url) <= 2048),
    ADD CONSTRAINT ct_outbox_attempts_nonnegative CHECK (attempts >= 0),
    ADD CONSTRAINT ct_outbox_delivered_at_when_delivered
        CHECK ((status = 'delivered') = (delivered_at IS NOT NULL)),
    -- dead-lettered only by a failed attempt, which records why
    ADD CONSTRAINT ct_outbox_dead_explained CHECK (status <> 'dead' OR last_error IS NOT NULL),
    ADD CONSTRAINT ct_outbox_lease_pending CHECK (status = 'pending' OR lease_until IS NULL);

-- ---- what each table and column is -----------------------------------------------
--
-- Conventions for all of them: offsets count Unicode code points; lengths
-- are in code points unless bytes are said; every time is a timestamptz
-- (an instant), which the plugin's sessions read and write in UTC.

COMMENT ON TABLE schema_migrations IS
    'The migrations (sql/NNN_*.sql, compiled into the plugin) applied to this schema, one row each; written by the plugin''s open() (src/store/migrate.c) in the migration''s own transaction.';
COMMENT ON COLUMN schema_migrations.version IS 'NNN of the file: migrations apply in this order, each once.';
COMMENT ON COLUMN schema_migrations.name IS 'The file''s name, e.g. 001_core.sql.';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When the migration was applied (UTC).';

COMMENT ON TABLE ct_claims IS
    'One row per claim a fact-checker tracks: what was said, by whom, and its review (status, rating, publication). Recorded by editors (POST /claims) and by ClaimReview imports; reviewed by moderators (POST /claims/{id}/review).';
COMMENT ON COLUMN ct_claims.text IS 'The claim as said, 1 to 10000 code points.';
COMMENT ON COLUMN ct_claims.claimant_name IS 'Who made the claim, 1 to 200 code points; "Unknown" for imports that do not say.';
COMMENT ON COLUMN ct_claims.claimant_role IS 'The claimant''s office or role, up to 200 code points (may be empty).';
COMMENT ON COLUMN ct_claims.claimant_type IS 'schema.org type of the claimant: person (Person) or organization (Organization).';
COMMENT ON COLUMN ct_claims.venue IS 'Where it was said, up to 500 code points.';
COMMENT ON COLUMN ct_claims.said_at IS 'When it was said (world time, UTC); a date given without a time is the newsroom''s local midnight of that day (ct_instant).';
COMMENT ON COLUMN ct_claims.language IS 'Language of the claim''s text: a BCP 47 tag such as ru, kk or en-GB, at most 35 characters.';
COMMENT ON COLUMN ct_claims.source_url IS 'Where the claim can be seen or heard, an http(s) URL of at most 2048 bytes; queued for archiving in ct_evidence.';
COMMENT ON COLUMN ct_claims.status IS 'Review state: disputed (new), under_review, or a verdict (rebutted, corrected, retracted, confirmed, dismissed); moves only as the transition table allows.';
COMMENT ON COLUMN ct_claims.rating IS 'The rating given in the review (e.g. False), 1 to 500 code points; required to publish.';
COMMENT ON COLUMN ct_claims.published IS 'Whether readers see the verdict (notices, feeds, public reads).';
COMMENT ON COLUMN ct_claims.published_at IS 'When the verdict was first published (UTC) since it was last withdrawn; null exactly when not published.';
COMMENT ON COLUMN ct_claims.version IS 'Raised by every review and every linked response; a review names the version it was prepared against (expected_version) and gets 409 when it changed.';
COMMENT ON COLUMN ct_claims.created_by IS 'Actor id of the editor (or importer) who recorded the claim.';
COMMENT ON COLUMN ct_claims.created_at IS 'When the claim was recorded (UTC).';
COMMENT ON COLUMN ct_claims.updated_at IS 'When a review or a linked response last changed the claim (UTC).';

COMMENT ON TABLE ct_responses IS
    'One row per response to a claim: a rebuttal, correction, retraction, apology, clarification, confirmation or context, by whoever issued it. Linked by editors (POST /claims/{id}/responses) and by ClaimReview imports (the reviewer''s rebuttal).';
COMMENT ON COLUMN ct_responses.claim_id IS 'The claim responded to.';
COMMENT ON COLUMN ct_responses.kind IS 'What the response is: rebuttal, correction, retraction, apology, clarification, confirmation or context.';
COMMENT ON COLUMN ct_responses.by_name IS 'Who issued it (the police, the ministry, the reviewing fact-checker), 1 to 200 code points.';
COMMENT ON COLUMN ct_responses.by_role IS 'Their office or role, up to 200 code points (may be empty).';
COMMENT ON COLUMN ct_responses.issued_at IS 'When it was issued (world time, UTC); a date alone is the newsroom''s local midnight.';
COMMENT ON COLUMN ct_responses.summary IS 'What it says, 1 to 5000 code points.';
COMMENT ON COLUMN ct_responses.url IS 'Where it was published, an http(s) URL of at most 2048 bytes; queued for archiving in ct_evidence.';
COMMENT ON COLUMN ct_responses.created_by IS 'Actor id of the editor (or importer) who linked it.';
COMMENT ON COLUMN ct_responses.created_at IS 'When it was linked (UTC).';

COMMENT ON TABLE ct_mentions IS
    'One row per place an article repeats a claim: the quoted passage (W3C TextQuoteSelector) and where it was last found (TextPositionSelector). Added by editors when tagging (POST /claims, POST /claims/{id}/mentions); position and orphan state kept up to date by re-anchoring (POST /articles/{id}/anchor).';
COMMENT ON COLUMN ct_mentions.claim_id IS 'The claim the article repeats.';
COMMENT ON COLUMN ct_mentions.article_id IS 'The host''s id of the article, 1 to 200 code points.';
COMMENT ON COLUMN ct_mentions.article_url IS 'The article''s http(s) URL, at most 2048 bytes.';
COMMENT ON COLUMN ct_mentions.quote_exact IS 'The quoted passage, 1 to 2000 code points.';
COMMENT ON COLUMN ct_mentions.quote_prefix IS 'Text right before the passage, up to 200 code points ('''' when none).';
COMMENT ON COLUMN ct_mentions.quote_suffix IS 'Text right after the passage, up to 200 code points ('''' when none).';
COMMENT ON COLUMN ct_mentions.position_start IS 'Start of the passage in Unicode code points of the article''s text (inclusive), as tagged or last anchored; both offsets or neither.';
COMMENT ON COLUMN ct_mentions.position_end IS 'End of the passage in Unicode code points (exclusive), >= position_start.';
COMMENT ON COLUMN ct_mentions.orphaned IS 'The last anchoring could not find the passage: the claim is back in the review queue; the last position stays as a hint.';
COMMENT ON COLUMN ct_mentions.anchored_at IS 'When anchoring last changed the mention''s position, state or method (UTC); null when it never did.';
COMMENT ON COLUMN ct_mentions.anchor_method IS 'How the current position was found: exact, position, context, approximate, or orphaned; null before the first anchoring that wrote one.';
COMMENT ON COLUMN ct_mentions.anchor_score IS 'Score of that finding, 0 to 1 (1: the quote and its context as stored); set with anchor_method.';
COMMENT ON COLUMN ct_mentions.created_by IS 'Actor id of the editor who tagged it.';
COMMENT ON COLUMN ct_mentions.created_at IS 'When it was tagged (UTC).';

COMMENT ON TABLE ct_events IS
    'The timeline: one row per thing that happened to a claim, append-only (triggers refuse UPDATE, DELETE and TRUNCATE). Written in the same transaction as the change it records, by the request that made it or by the evidence worker; each insert may queue webhook deliveries in ct_outbox.';
COMMENT ON COLUMN ct_events.claim_id IS 'The claim it happened to.';
COMMENT ON COLUMN ct_events.type IS 'What happened (claim_recorded, status_changed, mention_orphaned, evidence_archived, ...).';
COMMENT ON COLUMN ct_events.occurred_at IS 'World time (UTC): when it happened (when the claim was said, when the response was issued); for changes made in claimtrack, when they were made.';
COMMENT ON COLUMN ct_events.recorded_at IS 'When claimtrack recorded the event (UTC, clock_timestamp() of the insert).';
COMMENT ON COLUMN ct_events.actor_id IS 'Who did it: the request''s actor id, or claimtrack for the background workers.';
COMMENT ON COLUMN ct_events.actor_role IS 'Their role: editor, moderator or admin, or system for the background workers.';
COMMENT ON COLUMN ct_events.payload IS 'A JSON object whose keys depend on type (from/to, note, mention and evidence details); readers never see note.';

COMMENT ON TABLE ct_imports IS
    'One row per ClaimReview imported from another fact-checker (POST /import/claimreview, claimtrack import): importing the same review again finds it here and writes nothing.';
COMMENT ON COLUMN ct_imports.review_url IS 'The review''s url as the feed spelt it (http(s), at most 2048 bytes).';
COMMENT ON COLUMN ct_imports.canonical_url IS 'The url as an identity: https, host in lower case, no default port, trailing slash, utm_* parameter or fragment.';
COMMENT ON COLUMN ct_imports.review_key IS 'Hex SHA-256 of what is reviewed (the claim''s text, a newline, the claimant''s name); with canonical_url the review''s identity, because feeds give different reviews one url.';
COMMENT ON COLUMN ct_imports.claim_id IS 'The claim the import recorded; set in the same transaction as the row.';
COMMENT ON COLUMN ct_imports.reviewer IS 'The reviewing organisation, as the rebuttal''s by_name.';
COMMENT ON COLUMN ct_imports.imported_at IS 'When it was imported (UTC).';

COMMENT ON TABLE ct_evidence IS
    'One row per source to archive: a claim''s source_url or a response''s url, queued by a trigger when the claim or response is recorded and fetched by the evidence worker (src/jobs/evidence.c), which stores the snapshot or, after the configured attempts, gives up.';
COMMENT ON COLUMN ct_evidence.claim_id IS 'The claim the source belongs to (directly or through the response).';
COMMENT ON COLUMN ct_evidence.response_id IS 'The response whose url this is; null for the claim''s own source_url.';
COMMENT ON COLUMN ct_evidence.url IS 'The URL to fetch, as recorded.';
COMMENT ON COLUMN ct_evidence.status IS 'pending (queued or being fetched), archived (snapshot stored) or failed (gave up).';
COMMENT ON COLUMN ct_evidence.attempts IS 'Fetches started so far (a fetch given back unfinished when the plugin closes does not count).';
COMMENT ON COLUMN ct_evidence.next_attempt_at IS 'Earliest time the next attempt may start (UTC); later after each failure (exponential backoff).';
COMMENT ON COLUMN ct_evidence.lease_until IS 'While a worker fetches: until when the row is its own (UTC); a worker that dies leaves a lease that runs out.';
COMMENT ON COLUMN ct_evidence.http_status IS 'HTTP status of the archived answer (200 to 399), after redirects.';
COMMENT ON COLUMN ct_evidence.final_url IS 'The URL the archived answer came from, after redirects.';
COMMENT ON COLUMN ct_evidence.content_type IS 'The answer''s Content-Type, as sent.';
COMMENT ON COLUMN ct_evidence.title IS 'The page''s <title>, whitespace collapsed, 1 to 500 code points; null when there is none.';
COMMENT ON COLUMN ct_evidence.size IS 'Bytes of body stored (after any cut at the size cap).';
COMMENT ON COLUMN ct_evidence.sha256 IS 'Lower-case hex SHA-256 of the stored body, 64 characters.';
COMMENT ON COLUMN ct_evidence.truncated IS 'The body was cut at the configured size cap (outbound.max_body_bytes).';
COMMENT ON COLUMN ct_evidence.body IS 'The answer''s body as fetched, up to the size cap.';
COMMENT ON COLUMN ct_evidence.fetched_at IS 'When the snapshot was stored (UTC).';
COMMENT ON COLUMN ct_evidence.error IS 'Why the last attempt failed.';
COMMENT ON COLUMN ct_evidence.created_at IS 'When it was queued (UTC).';

COMMENT ON TABLE ct_outbox IS
    'One row per timeline event and webhook that subscribes to it, queued by a trigger on ct_events in the same transaction as the event (webhooks from the plugin''s configuration, never their secrets); delivered by the webhook worker (src/jobs/webhooks.c), in order per claim and webhook.';
COMMENT ON COLUMN ct_outbox.event_id IS 'The event delivered; its id is the delivery id the receiver sees (evt_<id>).';
COMMENT ON COLUMN ct_outbox.claim_id IS 'The event''s claim, for ordering deliveries per claim and webhook.';
COMMENT ON COLUMN ct_outbox.type IS 'The webhook event name (claim.recorded, claim.published, evidence.archived, ...).';
COMMENT ON COLUMN ct_outbox.url IS 'The webhook''s URL.';
COMMENT ON COLUMN ct_outbox.status IS 'pending (queued, retried or in flight), delivered (answered 2xx) or dead (retried for outbound.retry_for_s without success; a moderator may redeliver).';
COMMENT ON COLUMN ct_outbox.attempts IS 'Attempts taken since it was queued or last redelivered (one given back unfinished when the plugin closes does not count).';
COMMENT ON COLUMN ct_outbox.next_attempt_at IS 'Earliest time of the next attempt (UTC), later after each failure (exponential backoff with jitter).';
COMMENT ON COLUMN ct_outbox.lease_until IS 'While a worker delivers: until when the row is its own (UTC).';
COMMENT ON COLUMN ct_outbox.last_error IS 'Why the last attempt failed; cleared on delivery.';
COMMENT ON COLUMN ct_outbox.created_at IS 'When it was queued (UTC).';
COMMENT ON COLUMN ct_outbox.retry_from IS 'Start of the retry window (UTC): when queued, or when last redelivered.';
COMMENT ON COLUMN ct_outbox.delivered_at IS 'When the receiver answered 2xx (UTC); set exactly when status is delivered.';
