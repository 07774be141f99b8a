/*
 * claims.c -- recording claims and mentions; reading and listing claims.
 */
#include "domain/claims.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lock the claim row so that concurrent changes to it serialise. */
static ct_rc claim_lock(ct_conn *conn, const char *claim_id, ct_error *err)
{
    ct_rows *rows = NULL;
    ct_rc rc = ct_exec(conn, ST_CLAIM_LOCK, 1, &claim_id, &rows, err);

    if (rc == CT_OK && ct_rows_count(rows) == 0)
        rc = ct_fail(err, CT_ENOTFOUND, "not_found", NULL, "no such claim");
    ct_rows_free(rows);
    return rc;
}

static ct_rc mention_insert(ct_conn *conn, const char *claim_id, const ct_mention_input *in,
                            const ct_actor *actor, ct_error *err)
{
    const char *params[9] = {claim_id, in->article_id, in->article_url, in->quote.exact,
                             in->quote.prefix, in->quote.suffix, actor->id, in->start, in->end};
    json_object *payload = NULL;
    ct_rc rc = ct_exec(conn, ST_MENTION_INSERT, 9, params, NULL, err);

    if (rc != CT_OK)
        return rc;
    payload = json_object_new_object();
    if (payload == NULL)
        return ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
    json_object_object_add(payload, "article_id", json_object_new_string(in->article_id));
    json_object_object_add(payload, "exact", json_object_new_string(in->quote.exact));
    rc = ct_timeline_append(conn, claim_id, "mention_added", NULL, actor, payload, err);
    json_object_put(payload);
    return rc;
}

ct_rc ct_claim_create(ct_conn *conn, const ct_claim_input *in, const ct_actor *actor,
                      char **claim_id_out, ct_error *err)
{
    const ct_mention_input *m = in->has_mention ? &in->mention : NULL;
    const char *params[17] = {
        in->text, in->claimant_name, in->claimant_role, in->venue, in->said_at,
        in->language, in->source_url, actor->id, actor->role,
        m ? m->article_id : NULL, m ? m->article_url : NULL, m ? m->quote.exact : NULL,
        m ? m->quote.prefix : NULL, m ? m->quote.suffix : NULL,
        m ? m->start : NULL, m ? m->end : NULL, in->claimant_type};

    /* The claim, its claim_recorded event and its mention with a
       mention_added event are one statement (see statements.c). */
    return ct_exec_text(conn, ST_CLAIM_CREATE, 17, params, "claim", claim_id_out, err);
}

ct_rc ct_mention_add(ct_conn *conn, const char *claim_id, const ct_mention_input *in,
                     const ct_actor *actor, ct_error *err)
{
    ct_rc rc = claim_lock(conn, claim_id, err);
    if (rc != CT_OK)
        return rc;
    return mention_insert(conn, claim_id, in, actor, err);
}

ct_rc ct_claim_json(ct_conn *conn, const char *claim_id, bool include_unpublished,
                    char **json_out, ct_error *err)
{
    const char *params[2] = {claim_id, include_unpublished ? "true" : "false"};
    return ct_exec_text(conn, ST_CLAIM_JSON, 2, params, "claim", json_out, err);
}

ct_rc ct_claim_list(ct_conn *conn, const ct_claim_filter *filter, char **json_out,
                    ct_error *err)
{
    char limit[16];
    const char *params[6] = {filter->status, filter->query, filter->language,
                             filter->include_unpublished ? "true" : "false",
                             filter->before_id, limit};

    snprintf(limit, sizeof limit, "%d", filter->limit);
    return ct_exec_text(conn, ST_CLAIM_LIST, 6, params, "page", json_out, err);
}
