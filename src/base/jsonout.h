/*
 * jsonout.h -- building JSON with json-c, with its allocation failures
 * noted instead of lost.
 *
 * json-c's constructors answer NULL when memory runs out, and
 * json_object_object_add() stores a NULL value as a JSON null, so a
 * response built from unchecked constructors quietly loses members when
 * an allocation fails: a 201 without its source_url. These wrappers are
 * the only way src/ builds JSON. Each notes a failure on the
 * out-of-memory latch (error.h); the request door then answers 500
 * out_of_memory and rolls back, however the caller went on. So a caller
 * may chain them without checking each one: the result is never used.
 *
 * Ownership is json-c's: ct_jset and ct_jpush take the value's reference
 * (and drop it when they fail), as json_object_object_add does.
 */
#ifndef CT_JSONOUT_H
#define CT_JSONOUT_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "base/buf.h"

json_object *ct_jnew_object(void);
json_object *ct_jnew_array(void);
json_object *ct_jnew_string(const char *s);               /* s: NUL-terminated */
json_object *ct_jnew_string_len(const char *s, size_t len);
json_object *ct_jnew_int(int32_t v);
json_object *ct_jnew_int64(int64_t v);
json_object *ct_jnew_boolean(int v);
json_object *ct_jnew_double_s(double v, const char *text); /* printed as text */

/* obj[key] = value (NULL value: JSON null). 0, or -1 when obj is NULL or
   the member could not be added: then noted, and value stays valid (the
   caller may still fill it) until ct_jorphans_release() frees it. */
int ct_jset(json_object *obj, const char *key, json_object *value);

/* Append value to arr; 0 or -1 as ct_jset. */
int ct_jpush(json_object *arr, json_object *value);

/* Free the values ct_jset and ct_jpush could not place, on this thread.
   The request door calls it when a request ends. */
void ct_jorphans_release(void);

/* Parse JSON that claimtrack itself made (a statement's json_build_object):
   NULL when it cannot, noted as out of memory when json-c ran out of it
   (json_tokener_error_memory, or no tokener at all). Not for requests:
   those go through ct_json_parse (jsonin.h). */
json_object *ct_jparse(const char *text);

/* Append len bytes of s as one JSON string, quotes included, with
   json-c's escapes (RFC 8259 section 7: quote, backslash, the control
   characters; "/" too unless flags has JSON_C_TO_STRING_NOSLASHESCAPE):
   byte for byte what json-c prints for a string of these bytes. UTF-8 is
   copied as it is. */
void ct_buf_append_json_string(ct_buf *b, const char *s, size_t len, int flags);

/* json_object_to_json_string_ext; "null" when printing failed (noted).
   Owned by obj. */
const char *ct_jdump(json_object *obj, int flags);

#endif
