/*
 * subscriptions.h -- webhook subscriptions, kept in PostgreSQL
 * (ct_subscriptions, sql/008_subscriptions.sql).
 *
 * A subscription is where the timeline's events are posted: a url, the
 * event names it wants (or "*"), whether its destination may be private or
 * loopback (allow_private: an operator's own receiver), and whether it is
 * active. Its signing secrets follow Standard Webhooks: 32 random bytes
 * shown once, at creation or rotation, as "whsec_" + base64; stored only
 * sealed (AES-256-GCM) under the hosts' secrets key. A rotation keeps the
 * previous secret valid for an overlap, during which deliveries carry both
 * signatures.
 *
 * A subscription as JSON:
 *   {"id", "url", "events": [...], "description", "allow_private", "active",
 *    "legacy", "created_at", "created_by", "updated_at",
 *    "secrets": [{"created_at", "expires_at"}],          (never the values)
 *    "deliveries": {"pending", "delivered", "dead"},
 *    "last_delivery_at", "last_error", "last_error_at"}
 * and, only in the answers that create a secret, "secret": "whsec_...".
 *
 * Whether a url may be delivered to under a subscription's policy is the
 * door's check (it needs the network layer), made before these run.
 */
#ifndef CT_SUBSCRIPTIONS_H
#define CT_SUBSCRIPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/crypto.h"
#include "base/error.h"
#include "store/store.h"

#define CT_SUBSCRIPTION_SECRET_BYTES 32
#define CT_SUBSCRIPTION_DESCRIPTION_MAX 500    /* code points */
#define CT_ROTATION_OVERLAP_MAX (7 * 24 * 3600) /* seconds */
#define CT_ROTATION_OVERLAP_DEFAULT (24 * 3600)

/* A subscription to add (url and events set) or a change (NULL / has_*
   false: unchanged). events_json: a JSON array of event names, checked. */
typedef struct ct_subscription_input {
    const char *url;
    const char *events_json;
    const char *description;
    bool        has_description;    /* description NULL with this: cleared */
    bool        allow_private;
    bool        has_allow_private;
    bool        active;
    bool        has_active;
} ct_subscription_input;

/* A "webhooks" entry of the configuration, imported as a subscription. */
typedef struct ct_subscription_import {
    const char *url;
    const char *secret;             /* its text is the HMAC key */
    const char *events_json;
} ct_subscription_import;

/* Add a subscription with a new secret; *json_out has "secret". */
ct_rc ct_subscription_add(ct_conn *conn, const unsigned char key[CT_SECRETS_KEY_BYTES],
                          const ct_subscription_input *in, const char *actor_id,
                          char **json_out, ct_error *err);

/* {"subscriptions": [...]} by id. */
ct_rc ct_subscriptions_list(ct_conn *conn, char **json_out, ct_error *err);

/* One subscription; not_found when there is none. */
ct_rc ct_subscription_get(ct_conn *conn, const char *id, char **json_out, ct_error *err);

/* Change url, events, description, allow_private or active. */
ct_rc ct_subscription_change(ct_conn *conn, const char *id, const ct_subscription_input *in,
                             char **json_out, ct_error *err);

/* Delete it with its secrets and its deliveries; *json_out is it as it was. */
ct_rc ct_subscription_delete(ct_conn *conn, const char *id, char **json_out, ct_error *err);

/* A new current secret; the previous ones stay valid at most overlap_s
   seconds more (0: revoked now). *json_out is the subscription with "secret". */
ct_rc ct_subscription_rotate(ct_conn *conn, const unsigned char key[CT_SECRETS_KEY_BYTES],
                             const char *id, int overlap_s, char **json_out, ct_error *err);

/* Import configured webhooks (open(), n may be 0): one legacy subscription
   per url, its events and secret as configured; pending deliveries of that
   url queued before subscriptions existed are linked to it, and those of
   urls nobody configures any more are dead-lettered once retry_for_s has
   passed since they were queued. */
ct_rc ct_subscriptions_import(ct_conn *conn, const unsigned char key[CT_SECRETS_KEY_BYTES],
                              const ct_subscription_import *hooks, size_t n, int retry_for_s,
                              ct_error *err);

/* "whsec_" + base64 of the key bytes (Standard Webhooks' form) into out (>= 100 bytes). */
void ct_subscription_secret_text(const unsigned char *bytes, size_t n, char *out, size_t size);

/* Every statement of this module, for the pool to prepare (NULL-ended). */
extern const ct_stmt *const ct_subscriptions_sql[];

#endif
