/*
 * vocabulary.c -- the words of src/vocabulary.txt and the desk's rating
 * scale as one JSON document (see vocabulary.h).
 */
#include "render/vocabulary.h"
#include "base/jsonout.h"

#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "base/vocabulary.h"
#include "domain/ratings.h"
#include "render/i18n.h"

static json_object *labels(const char *const label[CT_VOCAB_LANGS])
{
    json_object *obj = ct_jnew_object();
    for (int i = 0; i < CT_VOCAB_LANGS; i++)
        ct_jset(obj, ct_i18n_tag((ct_lang)i), ct_jnew_string(label[i]));
    return obj;
}

static json_object *statuses(void)
{
    json_object *list = ct_jnew_array();
    for (int i = 0; i < CT_VOCAB_STATUSES; i++) {
        json_object *s = ct_jnew_object(), *next = ct_jnew_array();
        for (int j = 0; j < CT_VOCAB_STATUSES; j++)
            if (ct_vocab_statuses[i].next & (1u << j))
                ct_jpush(next, ct_jnew_string(ct_vocab_statuses[j].key));
        ct_jset(s, "key", ct_jnew_string(ct_vocab_statuses[i].key));
        ct_jset(s, "labels", labels(ct_vocab_statuses[i].label));
        ct_jset(s, "verdict", ct_jnew_boolean(ct_vocab_statuses[i].verdict));
        ct_jset(s, "next", next);
        ct_jpush(list, s);
    }
    return list;
}

static json_object *kinds(void)
{
    json_object *list = ct_jnew_array();
    for (int i = 0; i < CT_VOCAB_KINDS; i++) {
        json_object *k = ct_jnew_object();
        ct_jset(k, "key", ct_jnew_string(ct_vocab_kinds[i].key));
        ct_jset(k, "labels", labels(ct_vocab_kinds[i].label));
        ct_jset(k, "happened", labels(ct_vocab_kinds[i].happened));
        ct_jpush(list, k);
    }
    return list;
}

static json_object *terms(const ct_term *table, int count)
{
    json_object *list = ct_jnew_array();
    for (int i = 0; i < count; i++) {
        json_object *t = ct_jnew_object();
        ct_jset(t, "key", ct_jnew_string(table[i].key));
        ct_jset(t, "meaning", ct_jnew_string(table[i].meaning));
        ct_jpush(list, t);
    }
    return list;
}

static json_object *errors(void)
{
    json_object *list = ct_jnew_array();
    for (int i = 0; i < CT_VOCAB_ERRORS; i++) {
        json_object *e = ct_jnew_object();
        ct_jset(e, "code", ct_jnew_string(ct_vocab_errors[i].code));
        ct_jset(e, "status", ct_jnew_int(ct_vocab_errors[i].http_status));
        ct_jset(e, "meaning", ct_jnew_string(ct_vocab_errors[i].meaning));
        ct_jpush(list, e);
    }
    return list;
}

ct_rc ct_vocabulary_json(ct_conn *conn, char **json_out, ct_error *err)
{
    char *scale_text = NULL;
    json_object *doc = NULL, *scale = NULL, *languages = ct_jnew_array();
    ct_rc rc = ct_ratings_list(conn, &scale_text, err);

    *json_out = NULL;
    if (rc != CT_OK)
        goto out;
    scale = ct_jparse(scale_text);
    doc = ct_jnew_object();
    if (scale == NULL || doc == NULL || languages == NULL) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        goto out;
    }
    for (int i = 0; i < CT_LANG_COUNT; i++)
        ct_jpush(languages, ct_jnew_string(ct_i18n_tag((ct_lang)i)));
    ct_jset(doc, "languages", languages);
    languages = NULL;
    ct_jset(doc, "statuses", statuses());
    ct_jset(doc, "response_kinds", kinds());
    ct_jset(doc, "event_types", terms(ct_vocab_events, CT_VOCAB_EVENTS));
    ct_jset(doc, "roles", terms(ct_vocab_roles, CT_VOCAB_ROLES));
    json_object_object_foreach(scale, key, value)
        ct_jset(doc, key, json_object_get(value));
    ct_jset(doc, "errors", errors());
    *json_out = strdup(ct_jdump(doc, JSON_C_TO_STRING_PLAIN |
                                                           JSON_C_TO_STRING_NOSLASHESCAPE));
    if (*json_out == NULL)
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
out:
    json_object_put(languages);
    json_object_put(scale);
    json_object_put(doc);
    free(scale_text);
    return rc;
}
