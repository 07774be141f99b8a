/*
 * fuzz_json.c -- libFuzzer target for the door's JSON input (src/base/jsonin.c):
 * every request and the configuration go through ct_json_parse, which adds
 * to json-c the checks of strict JSON, UTF-8, NUL escapes, depth and
 * duplicate member names. Any input must give CT_OK with a tree or a
 * refusal with a code, never a crash, a leak or a sanitizer report; an
 * accepted tree must serialise again.
 */
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "base/jsonin.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *text = malloc(size + 1);
    json_object *root = NULL;
    ct_error err;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    ct_error_clear(&err);
    if (ct_json_parse(text, size, &root, &err) == CT_OK) {
        if (json_object_to_json_string(root) == NULL)
            abort();
        json_object_put(root);
    } else if (err.code[0] == '\0') {
        abort();                              /* a refusal always says why */
    }
    free(text);
    return 0;
}
