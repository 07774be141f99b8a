-- 020_delivery_counts.sql -- how many deliveries each subscription has
-- had, kept as they happen instead of counted on every look.
--
-- GET /subscriptions and GET /subscriptions/{id} show each subscription's
-- deliveries by status (src/domain/subscriptions.c). They were counted over
-- ct_outbox, every row the subscription ever had, on every look: nothing
-- deletes a delivery, a subscription to every event gets a row for each of
-- them, and after a year of a busy desk an admin's list of its webhooks
-- read millions of index entries per subscription.
--
-- The pending are still counted where they are: they are the backlog, few
-- on a healthy desk, and every claim's write adds one; keeping their count
-- in a row would make concurrent writers of different claims wait for one
-- another on it. The delivered and the dead, which only grow, are counted
-- here, per subscription and status, by triggers on ct_outbox that see
-- every way a row reaches or leaves those statuses: the delivery worker
-- marking a row delivered or dead, a redelivery sending it back to
-- pending, a row adopted by a subscription, a row deleted (with its
-- subscription). Only the delivery worker and a redelivery write a count
-- row, in their own short transactions; a claim's writer never does.
--
-- The counts are exact: test_subscriptions compares them with the outbox
-- through every transition, and test_migrate upgrades a desk with
-- deliveries already made.
CREATE TABLE ct_delivery_counts (
    subscription_id bigint NOT NULL,
    status          text   NOT NULL,
    deliveries      bigint NOT NULL,
    CONSTRAINT ct_delivery_counts_pkey PRIMARY KEY (subscription_id, status),
    CONSTRAINT ct_delivery_counts_subscription_ref FOREIGN KEY (subscription_id)
        REFERENCES ct_subscriptions (id) ON DELETE CASCADE,
    CONSTRAINT ct_delivery_counts_status CHECK (status IN ('delivered', 'dead')),
    CONSTRAINT ct_delivery_counts_nonnegative CHECK (deliveries >= 0)
);

INSERT INTO ct_delivery_counts (subscription_id, status, deliveries)
SELECT subscription_id, status, count(*) FROM ct_outbox
 WHERE subscription_id IS NOT NULL AND status IN ('delivered', 'dead')
 GROUP BY subscription_id, status;

-- Changes of one statement on ct_outbox, a row each (+1 for a row that
-- reached a status, -1 for one that left it): those of a counted status
-- and a subscription are added up per subscription and status: one
-- count row written per subscription a statement touched, however many
-- deliveries it moved (an adoption of a legacy webhook's rows moves them
-- all at once; a count row updated once per row in one transaction would
-- leave a chain of versions behind it that each next update walks).
-- Negative changes only update: a count row already gone (its subscription
-- is being deleted, and the cascade reached it first) has nothing left to
-- take from. Two writers that both find no count row to add to: the
-- second one's insert meets the first's and adds to it.
CREATE FUNCTION ct_delivery_count_apply(changes ct_delivery_counts[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(changes) = 0 THEN       -- a lease taken, an attempt counted
        RETURN;
    END IF;
    WITH delta AS (
        SELECT c.subscription_id, c.status, sum(c.deliveries) AS n
          FROM unnest(changes) c
         WHERE c.subscription_id IS NOT NULL AND c.status IN ('delivered', 'dead')
         GROUP BY 1, 2 HAVING sum(c.deliveries) <> 0
    ), updated AS (
        UPDATE ct_delivery_counts d SET deliveries = d.deliveries + delta.n FROM delta
         WHERE d.subscription_id = delta.subscription_id AND d.status = delta.status
        RETURNING d.subscription_id, d.status
    )
    INSERT INTO ct_delivery_counts AS d (subscription_id, status, deliveries)
    SELECT delta.subscription_id, delta.status, delta.n FROM delta
     WHERE delta.n > 0 AND NOT EXISTS (SELECT FROM updated u
                                        WHERE u.subscription_id = delta.subscription_id
                                          AND u.status = delta.status)
    ON CONFLICT (subscription_id, status) DO UPDATE SET deliveries = d.deliveries + EXCLUDED.deliveries;
END
$$;

-- A statement's updates or deletes, from its transition tables.
CREATE FUNCTION ct_delivery_count_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM ct_delivery_count_apply(ARRAY(
            SELECT ROW(o.subscription_id, o.status, -1)::ct_delivery_counts FROM old_rows o
             WHERE o.status <> 'pending'));
    ELSE
        PERFORM ct_delivery_count_apply(ARRAY(
            SELECT ROW(m.subscription_id, m.status, m.n)::ct_delivery_counts
              FROM old_rows o JOIN new_rows n ON n.id = o.id,
                   LATERAL (VALUES (o.subscription_id, o.status, -1),
                                   (n.subscription_id, n.status, 1)) m(subscription_id, status, n)
             WHERE o.status IS DISTINCT FROM n.status
                OR o.subscription_id IS DISTINCT FROM n.subscription_id));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER ct_delivery_count_update AFTER UPDATE ON ct_outbox
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_delivery_count_moved();
CREATE TRIGGER ct_delivery_count_delete AFTER DELETE ON ct_outbox
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ct_delivery_count_moved();

-- An insert: every claim's writer inserts pending rows (the enqueue
-- trigger of 003 and 008), so this is a row trigger whose condition skips
-- them without a call; nothing in claimtrack inserts a row already
-- delivered or dead, but a row so inserted is counted all the same.
CREATE FUNCTION ct_delivery_count_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ct_delivery_count_apply(ARRAY[ROW(NEW.subscription_id, NEW.status, 1)::ct_delivery_counts]);
    RETURN NULL;
END
$$;
CREATE TRIGGER ct_delivery_count_insert AFTER INSERT ON ct_outbox
    FOR EACH ROW WHEN (NEW.status <> 'pending') EXECUTE FUNCTION ct_delivery_count_inserted();

-- A TRUNCATE passes row triggers by: the counts go with the rows.
CREATE FUNCTION ct_delivery_count_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ct_delivery_counts;
    RETURN NULL;
END
$$;
CREATE TRIGGER ct_delivery_count_truncate AFTER TRUNCATE ON ct_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION ct_delivery_count_truncate();

COMMENT ON TABLE ct_delivery_counts IS
    'Per subscription, how many of its deliveries (ct_outbox rows) are delivered and how many dead; kept by triggers on ct_outbox, read by GET /subscriptions.';
COMMENT ON COLUMN ct_delivery_counts.deliveries IS
    'The number of the subscription''s ct_outbox rows now of this status.';
