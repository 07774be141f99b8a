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
#include "jobs/job.h"
#include "render/publisher.h"

#define CT_POOL_SIZE_DEFAULT 8
#define CT_POOL_SIZE_MAX     64
#define CT_READER_CACHE_MAX  (1024LL * 1024 * 1024)   /* reader_cache_bytes: 1 GiB */

typedef struct ct_config {
    char  *database;        /* libpq conninfo; "" = the PG* environment    */
    char  *replicas;        /* libpq conninfo of streaming standbys for readers' reads,
                               or NULL: every read from database */
    size_t pool_size;       /* connections opened at open()                */
    ct_publisher publisher; /* "language" and "publisher": the render settings */
    char  *time_zone;       /* the newsroom's IANA time zone ("UTC" by default) */
    char  *schema;          /* the PostgreSQL schema of claimtrack's tables ("claimtrack") */
    int    pool_wait_ms;    /* how long a request waits for a connection   */
    int    statement_timeout_ms; /* server-side limit on any one statement */
    size_t reader_cache_bytes;   /* the readers' cache (cache.h); 0: none */
    bool   remote_apply;         /* "synchronous_commit": "remote_apply" (else "on") */
    double scan_auto_confirm;    /* "scan_auto_confirm_score": scans' passages scored at or
                                    above it become mentions at once (scan.h); 0: never */
    char      *session_variables;   /* session variables the schema reads ("{}": none any more) */
    ct_outbound_config outbound;    /* "outbound", "webhooks", "secrets_key": the jobs' settings */
} ct_config;

/* Parse config_json (NULL or "" means all defaults) into *cfg. */
ct_rc ct_config_parse(const char *config_json, ct_config *cfg, ct_error *err);

/* Free what ct_config_parse allocated. */
void ct_config_free(ct_config *cfg);

#endif
