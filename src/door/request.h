/*
 * request.h -- a decoded request envelope and the response being built,
 * shared by the door (api.c) and the route handlers (routes.c).
 */
#ifndef CT_REQUEST_H
#define CT_REQUEST_H

#include <stdbool.h>
#include <json-c/json.h>

#include "domain/claimreview_import.h"
#include "domain/claims.h"
#include "domain/ratings.h"
#include "domain/subscriptions.h"
#include "door/cache.h"
#include "door/replicas.h"
#include "door/config.h"
#include "base/error.h"
#include "base/vocabulary.h"
#include "jobs/job.h"
#include "domain/responses.h"
#include "domain/review.h"
#include "store/store.h"
#include "domain/timeline.h"

/* The roles of src/vocabulary.txt, in its order (lowest first):
   ct_vocab_role_keys[role] is the role's word. */
typedef enum ct_role { CT_ROLE_READER, CT_ROLE_EDITOR, CT_ROLE_MODERATOR, CT_ROLE_ADMIN } ct_role;
_Static_assert(CT_VOCAB_ROLES == CT_ROLE_ADMIN + 1, "ct_role and src/vocabulary.txt's roles differ");

#define CT_PATH_MAX      1024
#define CT_SEGMENTS_MAX  8

typedef struct ct_request {
    const char  *method;
    char         path[CT_PATH_MAX + 1];            /* decoded segments, NUL-separated */
    const char  *segments[CT_SEGMENTS_MAX];
    int          nsegments;
    json_object *query;                             /* object or NULL */
    json_object *body;                              /* object or NULL */
    ct_actor     actor;
    ct_role      role;
    const char  *param;                             /* the {id} of the route */
    const char  *idempotency_key;                   /* headers.Idempotency-Key, or NULL */
    const char  *if_none_match;                     /* headers.If-None-Match (GET), or NULL */
    char         fingerprint[65];                   /* SHA-256 hex of method, path, query, body */
} ct_request;

/* What a route's decode step produced from the query and body (the union
   is anonymous: in->claim, in->review, ...). */
typedef struct ct_input {
    char              position[48];   /* text of a mention's start and end */
    char              language[36];   /* claim.language, filter.language point here */
    const char       *rating_key;     /* POST /ratings: the key of the rating to add */
    const char       *audit_key;      /* GET /checkpoints/audit: ?key=, or NULL */
    union {
    ct_claim_input    claim;
    ct_response_input response;
    ct_mention_input  mention;
    ct_review_input   review;
    ct_claim_filter   filter;
    struct { const char *lang; int format; } notices;
    struct { int limit; } feed;
    struct { int limit; } queue;
    ct_import_plan   *import;     /* freed by the route's release */
    ct_rating_input   rating;     /* a rating to add or a change to one */
    struct { const char *text; size_t len; } anchor;
    struct { const char *text; size_t len; const char *language; } scan;
    struct { const char *status; int limit; } listing;
    struct { uint64_t from, to; } consistency;
    struct { int max_ms; } jobs;  /* POST /jobs/run: the call's budget */
    struct {
        ct_subscription_input in;
        char                  events[256];   /* in.events_json points here */
        int                   overlap_s;     /* POST /subscriptions/{id}/rotate */
    } subscription;
    };
} ct_input;

typedef struct ct_response {
    int         status;
    char       *body;          /* malloc'd: JSON text, or text when is_text       */
    bool        is_text;       /* body goes into the envelope as a JSON string    */
    const char *content_type;  /* NULL: application/json                          */
    const char *headers;       /* static JSON object of extra HTTP headers, or NULL */
    bool        base64;        /* the text body is base64 ("body_encoding")       */
    char       *envelope;      /* a write's whole answer, made before it commits  */
    char        last_modified[CT_HTTP_DATE_SIZE]; /* a read's Last-Modified, or "" */
    char        validators[128];/* {"ETag":...,"Last-Modified":...} of a GET's answer;
                                  headers points here */
} ct_response;

/* The jobs of the scheduler (routes.c): evidence, checkpoints, deliveries. */
#define CT_NJOBS 4
extern const ct_job *const ct_jobs[CT_NJOBS];

/* Process-wide settings a handler may need. */
typedef struct ct_route_ctx {
    const ct_config *config;
    int              schema_version;
    ct_cache        *cache;          /* the readers' cache (GET /health reports it), or NULL */
    ct_replicas     *replicas;       /* readers' standbys (GET /health reports them), or NULL */
    ct_search_stats *search_stats;   /* the desk's common junctions, for GET /claims?q= */
} ct_route_ctx;

typedef ct_rc (*ct_decode_fn)(const ct_request *req, ct_input *in, ct_error *err);
typedef ct_rc (*ct_run_fn)(const ct_route_ctx *ctx, ct_conn *conn, const ct_request *req,
                           const ct_input *in, ct_response *resp, ct_error *err);

/* What the {id} of a route is: a claim id, another row's number (an
   evidence or a delivery), or an article id of the host. */
typedef enum ct_param_kind { CT_PARAM_NONE, CT_PARAM_CLAIM_ID, CT_PARAM_NUMBER,
                             CT_PARAM_ARTICLE_ID, CT_PARAM_RATING_KEY } ct_param_kind;

typedef struct ct_route {
    const char   *method;
    const char   *pattern;    /* "/claims/{id}/responses" */
    ct_role       min_role;
    bool          writes;     /* runs in a read-write transaction */
    bool          body_list;  /* the body may be a JSON array, not only an object */
    bool          large;      /* the request may be up to CT_REQUEST_MAX_LARGE bytes */
    ct_param_kind param;
    ct_decode_fn  decode;
    ct_run_fn     run;
    void        (*release)(ct_input *in);   /* frees what decode made; may be NULL */
    bool          reader_cache;  /* a reader's 200 answer may be kept (cache.h) */
    bool          standby;       /* a reader's read may be answered by a standby (replicas.h) */
} ct_route;

/* The route table (routes.c), ended by an entry with method NULL. */
extern const ct_route ct_routes[];

/* True when the actor may see unpublished claims and who did what. */
static inline bool ct_request_staff(const ct_request *req)
{
    return req->role >= CT_ROLE_EDITOR;
}

#endif
