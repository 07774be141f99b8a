/*
 * jsonin.h -- strict reading of untrusted JSON into C values.
 *
 * Every request body and the configuration go through here. Parsing
 * refuses invalid UTF-8, nesting deeper than CT_JSON_MAX_DEPTH and trailing
 * garbage; the getters refuse wrong types, NUL characters, over-long text
 * and unknown keys, naming the offending field with its full path
 * ("claimant.name"). Nothing here knows about routes or HTTP.
 */
#ifndef CT_JSONIN_H
#define CT_JSONIN_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>

#include "base/error.h"

/* Deepest nesting accepted in any JSON document. */
#define CT_JSON_MAX_DEPTH 16

/*
 * Parse text[0..len) strictly; text[len] must be the terminating NUL.
 * On success *out owns a new reference.
 * Errors: invalid_json, too_deep, invalid_utf8 (all CT_EINVALID).
 */
ct_rc ct_json_parse(const char *text, size_t len, json_object **out, ct_error *err);

/*
 * Fail with unknown_field when obj has a key not in allowed (NULL-ended).
 * prefix is the path of obj itself ("" for the root, "claimant" below it).
 */
ct_rc ct_json_only_keys(json_object *obj, const char *const *allowed,
                        const char *prefix, ct_error *err);

/*
 * Read obj[key] as text of 1..max_chars code points (min_chars 0 allows "").
 * A missing key or JSON null leaves *out NULL and fails only when required
 * (missing_field). Wrong type: wrong_type; bad UTF-8 or NUL: invalid_utf8;
 * length: too_long / empty. *out points into obj.
 */
ct_rc ct_json_text(json_object *obj, const char *prefix, const char *key,
                   bool required, size_t min_chars, size_t max_chars,
                   const char **out, ct_error *err);

/* As ct_json_text, then a calendar date or date-time (ct_datetime_valid) no
   later than today anywhere (ct_datetime_after_tomorrow); else invalid_date. */
ct_rc ct_json_datetime(json_object *obj, const char *prefix, const char *key,
                       bool required, const char **out, ct_error *err);

/* As ct_json_text, then an http(s) URL (invalid_url). */
ct_rc ct_json_url(json_object *obj, const char *prefix, const char *key,
                  bool required, const char **out, ct_error *err);

/* As ct_json_text, then one of the NULL-ended choices (invalid_value). */
ct_rc ct_json_enum(json_object *obj, const char *prefix, const char *key,
                   bool required, const char *const *choices,
                   const char **out, ct_error *err);

/* An integer in [min, max]; *present tells whether it was given. */
ct_rc ct_json_int(json_object *obj, const char *prefix, const char *key,
                  bool required, int64_t min, int64_t max,
                  int64_t *out, bool *present, ct_error *err);

/* A boolean; *out is left alone when absent and not required. */
ct_rc ct_json_bool(json_object *obj, const char *prefix, const char *key,
                   bool required, bool *out, ct_error *err);

/* A nested object (or NULL when absent and not required). */
ct_rc ct_json_object(json_object *obj, const char *prefix, const char *key,
                     bool required, json_object **out, ct_error *err);

/* Join prefix and key into buf as "prefix.key" (or "key"); returns buf. */
const char *ct_json_path(char *buf, size_t size, const char *prefix, const char *key);

#endif
