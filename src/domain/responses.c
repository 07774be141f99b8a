/*
 * responses.c -- linking responses to claims.
 */
#include "domain/responses.h"
#include "base/jsonout.h"

/* ---- SQL: the statements this module runs, prepared on every connection -- */

static const ct_stmt stmt_response_insert = {"ct_response_insert",
    "INSERT INTO ct_responses (claim_id, kind, by_name, by_role, issued_at, issued_on, summary,"
    " url, created_by)"
    " VALUES ($1::bigint, $2, $3, $4, ct_instant($5), ct_given_day($5), $6, $7, $8)"
    " RETURNING id", 8};

static const ct_stmt stmt_claim_touch = {"ct_claim_touch",
    "UPDATE ct_claims SET version = version + 1, updated_at = now()"
    " WHERE id = $1::bigint RETURNING version", 1};

/* Every statement above, for the pool to prepare (NULL-ended). */
const ct_stmt *const ct_responses_sql[] = {&stmt_response_insert, &stmt_claim_touch, NULL};


static json_object *response_payload(const char *response_id, const ct_response_input *in)
{
    json_object *payload = ct_jnew_object();
    if (payload == NULL)
        return NULL;
    ct_jset(payload, "response_id", ct_jnew_string(response_id));
    ct_jset(payload, "kind", ct_jnew_string(in->kind));
    ct_jset(payload, "by", ct_jnew_string(in->by_name));
    ct_jset(payload, "summary", ct_jnew_string(in->summary));
    if (in->url)
        ct_jset(payload, "url", ct_jnew_string(in->url));
    if (in->issued_at == NULL)
        ct_jset(payload, "date_unknown", ct_jnew_boolean(1));
    return payload;
}

ct_rc ct_response_add(ct_conn *conn, const char *claim_id, const ct_response_input *in,
                      const ct_actor *actor, ct_error *err)
{
    const char *params[8] = {claim_id, in->kind, in->by_name, in->by_role,
                             in->issued_at, in->summary, in->url, actor->id};
    ct_rows *touched = NULL, *inserted = NULL;
    json_object *payload = NULL;
    ct_rc rc = ct_exec(conn, &stmt_claim_touch, 1, &claim_id, &touched, err);

    if (rc != CT_OK)
        goto out;
    if (ct_rows_count(touched) == 0) {
        rc = ct_fail(err, CT_ENOTFOUND, "not_found", NULL, "no such claim");
        goto out;
    }
    rc = ct_exec(conn, &stmt_response_insert, 8, params, &inserted, err);
    if (rc != CT_OK)
        goto out;
    payload = response_payload(ct_rows_get(inserted, 0, 0), in);
    if (payload == NULL) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        goto out;
    }
    rc = ct_timeline_append(conn, claim_id, "response_linked", in->issued_at, actor,
                            payload, err);
out:
    json_object_put(payload);
    ct_rows_free(inserted);
    ct_rows_free(touched);
    return rc;
}
