/*
 * config.h -- the configuration a host passes to open(), parsed strictly.
 *
 * Unknown keys are an error, not ignored: a misspelt "pool_sise" must not
 * silently run with the default.
 */
#ifndef CT_CONFIG_H
#define CT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

#define CT_POOL_SIZE_DEFAULT 8
#define CT_POOL_SIZE_MAX     64

#define CT_WEBHOOKS_MAX 16
#define CT_ALLOW_MAX    16

/* Webhook event names, NULL-ended (see webhooks.c). */
extern const char *const ct_webhook_events[];

typedef struct ct_webhook {
    char *url;
    char *secret;
    char *events_json;       /* ["*"] or a list of event names */
} ct_webhook;

/* An address range allowed although not public: tests and intranets. */
typedef struct ct_cidr {
    int           family;    /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    int           bits;
} ct_cidr;

typedef struct ct_outbound_config {
    bool   workers;             /* our threads deliver; false: the host runs /jobs/run */
    int    poll_ms;
    int    retry_for_s;         /* webhooks retried this long, then dead-lettered      */
    int    retry_base_ms;       /* first retry delay; doubles, with jitter, up to 1 h  */
    int    evidence_attempts;   /* fetches of one source before it is marked failed    */
    long   connect_timeout_ms;
    long   timeout_ms;
    size_t max_body_bytes;
    ct_cidr allow[CT_ALLOW_MAX];
    size_t  nallow;
} ct_outbound_config;

typedef struct ct_config {
    char  *database;        /* libpq conninfo; "" = the PG* environment    */
    size_t pool_size;       /* connections opened at open()                */
    char  *language;        /* default language of notices                 */
    char  *publisher_name;  /* the fact-checking organisation; may be NULL */
    char  *publisher_url;   /* may be NULL                                 */
    char  *publisher_claim_url; /* a review's page, "{id}" = claim id; may be NULL */
    char  *publisher_evidence_url; /* an archived copy, "{id}" = evidence id; may be NULL */
    char  *publisher_article_url;  /* the host's article page, "{id}" = article id; may be NULL */
    char  *time_zone;       /* the newsroom's IANA time zone ("UTC" by default) */
    char  *schema;          /* the PostgreSQL schema of claimtrack's tables ("claimtrack") */
    int    pool_wait_ms;    /* how long a request waits for a connection   */
    int    statement_timeout_ms; /* server-side limit on any one statement */
    ct_webhook webhooks[CT_WEBHOOKS_MAX];
    size_t     nwebhooks;
    char      *webhooks_setting;    /* [{url, events}] for the outbox trigger */
    char      *webhook_urls;        /* {"url",...}: the urls this instance signs for */
    ct_outbound_config outbound;
} ct_config;

/* Parse config_json (NULL or "" means all defaults) into *cfg. */
ct_rc ct_config_parse(const char *config_json, ct_config *cfg, ct_error *err);

/* Free what ct_config_parse allocated. */
void ct_config_free(ct_config *cfg);

#endif
