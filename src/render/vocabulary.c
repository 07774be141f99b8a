/*
 * vocabulary.c -- the words of src/vocabulary.txt and the desk's rating
 * scale as one JSON document (see vocabulary.h).
 */
#include "render/vocabulary.h"

#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "base/vocabulary.h"
#include "domain/ratings.h"
#include "render/i18n.h"

static json_object *labels(const char *const label[CT_VOCAB_LANGS])
{
    json_object *obj = json_object_new_object();
    for (int i = 0; i < CT_VOCAB_LANGS; i++)
        json_object_object_add(obj, ct_i18n_tag((ct_lang)i), json_object_new_string(label[i]));
    return obj;
}

static json_object *statuses(void)
{
    json_object *list = json_object_new_array();
    for (int i = 0; i < CT_VOCAB_STATUSES; i++) {
        json_object *s = json_object_new_object(), *next = json_object_new_array();
        for (int j = 0; j < CT_VOCAB_STATUSES; j++)
            if (ct_vocab_statuses[i].next & (1u << j))
                json_object_array_add(next, json_object_new_string(ct_vocab_statuses[j].key));
        json_object_object_add(s, "key", json_object_new_string(ct_vocab_statuses[i].key));
        json_object_object_add(s, "labels", labels(ct_vocab_statuses[i].label));
        json_object_object_add(s, "verdict", json_object_new_boolean(ct_vocab_statuses[i].verdict));
        json_object_object_add(s, "next", next);
        json_object_array_add(list, s);
    }
    return list;
}

static json_object *kinds(void)
{
    json_object *list = json_object_new_array();
    for (int i = 0; i < CT_VOCAB_KINDS; i++) {
        json_object *k = json_object_new_object();
        json_object_object_add(k, "key", json_object_new_string(ct_vocab_kinds[i].key));
        json_object_object_add(k, "labels", labels(ct_vocab_kinds[i].label));
        json_object_object_add(k, "happened", labels(ct_vocab_kinds[i].happened));
        json_object_array_add(list, k);
    }
    return list;
}

static json_object *terms(const ct_term *table, int count)
{
    json_object *list = json_object_new_array();
    for (int i = 0; i < count; i++) {
        json_object *t = json_object_new_object();
        json_object_object_add(t, "key", json_object_new_string(table[i].key));
        json_object_object_add(t, "meaning", json_object_new_string(table[i].meaning));
        json_object_array_add(list, t);
    }
    return list;
}

static json_object *errors(void)
{
    json_object *list = json_object_new_array();
    for (int i = 0; i < CT_VOCAB_ERRORS; i++) {
        json_object *e = json_object_new_object();
        json_object_object_add(e, "code", json_object_new_string(ct_vocab_errors[i].code));
        json_object_object_add(e, "status", json_object_new_int(ct_vocab_errors[i].http_status));
        json_object_object_add(e, "meaning", json_object_new_string(ct_vocab_errors[i].meaning));
        json_object_array_add(list, e);
    }
    return list;
}

ct_rc ct_vocabulary_json(ct_conn *conn, char **json_out, ct_error *err)
{
    char *scale_text = NULL;
    json_object *doc = NULL, *scale = NULL, *languages = json_object_new_array();
    ct_rc rc = ct_ratings_list(conn, &scale_text, err);

    *json_out = NULL;
    if (rc != CT_OK)
        goto out;
    scale = json_tokener_parse(scale_text);
    doc = json_object_new_object();
    if (scale == NULL || doc == NULL || languages == NULL) {
        rc = ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
        goto out;
    }
    for (int i = 0; i < CT_LANG_COUNT; i++)
        json_object_array_add(languages, json_object_new_string(ct_i18n_tag((ct_lang)i)));
    json_object_object_add(doc, "languages", languages);
    languages = NULL;
    json_object_object_add(doc, "statuses", statuses());
    json_object_object_add(doc, "response_kinds", kinds());
    json_object_object_add(doc, "event_types", terms(ct_vocab_events, CT_VOCAB_EVENTS));
    json_object_object_add(doc, "roles", terms(ct_vocab_roles, CT_VOCAB_ROLES));
    json_object_object_foreach(scale, key, value)
        json_object_object_add(doc, key, json_object_get(value));
    json_object_object_add(doc, "errors", errors());
    *json_out = strdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN |
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
