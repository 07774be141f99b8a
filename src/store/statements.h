/*
 * statements.h -- names of every SQL statement the plugin runs.
 *
 * Each connection prepares all of them once when the pool opens it, so the
 * hot paths are a single PQexecPrepared round trip. The SQL text lives in
 * statements.c, next to nothing else, so the whole data access surface can
 * be read in one place.
 */
#ifndef CT_STATEMENTS_H
#define CT_STATEMENTS_H

typedef enum ct_stmt {
    ST_CLAIM_CREATE,      /* claim, its event, and its mention with event, in one go -> id */
    ST_CLAIM_JSON,        /* id, include_unpublished -> claim JSON                        */
    ST_CLAIM_LIST,        /* status, q, language, include_unpublished, before_id, limit   */
    ST_CLAIM_LOCK,        /* id -> status, version, rating, published (FOR UPDATE)        */
    ST_CLAIM_TOUCH,       /* id -> version (bumps version, updated_at)                    */
    ST_CLAIM_REVIEW,      /* id, status, rating, published -> version                     */
    ST_RESPONSE_INSERT,   /* claim, kind, by, role, issued_at, summary, url, actor -> id  */
    ST_MENTION_INSERT,    /* claim, article, url, exact, prefix, suffix, actor, start, end */
    ST_EVENT_INSERT,      /* claim, type, occurred_at|NULL, actor id, role, payload       */
    ST_TIMELINE_JSON,     /* id, include_unpublished -> events JSON                        */
    ST_NOTICES_JSON,      /* article_id, lang|NULL, default_lang, languages[] -> notices   */
    ST_FEED_JSON,         /* limit -> published claims as notices, newest first            */
    ST_REVIEW_QUEUE,      /* limit -> claims JSON                                          */
    ST_IMPORT_CLAIM_URL,  /* canonical url, review key, url, reviewer -> id when new        */
    ST_IMPORT_EXISTING,   /* canonical url, review key -> claim id of an earlier import    */
    ST_IMPORT_LINK,       /* canonical url, review key, claim id                           */
    ST_SAVEPOINT,         /* SAVEPOINT ct_item                                             */
    ST_SAVEPOINT_RELEASE, /* RELEASE SAVEPOINT ct_item                                     */
    ST_SAVEPOINT_ROLLBACK,/* ROLLBACK TO SAVEPOINT ct_item                                 */
    ST_ARTICLE_MENTIONS,  /* article id -> id, claim, exact, prefix, suffix, start, end, orphaned, method */
    ST_MENTIONS_REANCHOR, /* [{id,start,end,orphaned,method,score}] as JSON                */
    ST_EVENTS_APPEND,     /* [{claim_id,type,payload}] as JSON, actor id, actor role       */
    ST_EVIDENCE_TAKE,     /* lease -> id, claim, url, attempts of one due fetch           */
    ST_EVIDENCE_ARCHIVE,  /* id, status, final url, type, title, size, sha256, cut, body  */
    ST_EVIDENCE_RETRY,    /* id, error, delay ms, max attempts                            */
    ST_EVIDENCE_GET,      /* id, staff -> content type, body, url, final url, fetched, cut */
    ST_EVIDENCE_LIST,     /* status|NULL, limit -> {"evidence":[...]}                      */
    ST_OUTBOX_TAKE,       /* urls (text[]), lease, batch -> id, url, type, attempts, event */
    ST_OUTBOX_DONE,       /* id                                                            */
    ST_OUTBOX_RETRY,      /* id, error, delay ms, retry for s                              */
    ST_OUTBOX_LIST,       /* status|NULL, limit -> {"deliveries":[...]}                    */
    ST_OUTBOX_REDELIVER,  /* id -> the delivery, pending again                             */
    ST_OUTBOX_RELEASE,    /* id: give a leased delivery back untried (stopping)            */
    ST_EVIDENCE_RELEASE,  /* id: give a leased fetch back untried (stopping)               */
    ST_NOTIFY,            /* wake the workers                                              */
    ST_SCHEMA_VERSION,    /* -> highest applied migration                                  */
    CT_STMT_COUNT
} ct_stmt;

typedef struct ct_stmt_def {
    const char *name;     /* prepared statement name                      */
    const char *sql;
    int         nparams;
} ct_stmt_def;

/* The definition of statement stmt. */
const ct_stmt_def *ct_stmt_get(ct_stmt stmt);

#endif
