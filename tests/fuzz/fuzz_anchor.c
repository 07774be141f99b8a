/*
 * fuzz_anchor.c -- libFuzzer target for anchoring (src/domain/anchor.c, on
 * base/myers.c and base/textnorm.c): the input is split at its first three
 * 0x00 bytes into text, quote, prefix and suffix (any bytes: invalid UTF-8
 * must be refused, not read past). A result must be a span inside the text
 * or orphaned, with scores between 0 and 1.
 */
#include <stdlib.h>
#include <string.h>

#include "domain/anchor.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *buf = malloc(size + 4), *part[4];
    size_t len[4], at = 0;
    ct_anchor_text *doc = NULL;
    ct_anchor_result res;
    ct_error err;

    if (buf == NULL)
        return 0;
    memcpy(buf, data, size);
    memset(buf + size, 0, 4);
    for (int i = 0; i < 4; i++) {              /* text, exact, prefix, suffix */
        part[i] = buf + at;
        len[i] = strlen(part[i]);
        at += len[i] + (at + len[i] < size ? 1 : 0);
        if (at > size)
            at = size;
    }
    ct_error_clear(&err);
    if (ct_anchor_text_new(part[0], len[0], &doc, &err) == CT_OK) {
        ct_anchor_selector sel = {part[1], part[2], part[3], (long)(size % 7) - 1, (long)(size % 11)};
        if (ct_anchor_find(doc, &sel, &res, &err) == CT_OK) {
            long n = (long)ct_anchor_text_length(doc);
            if (res.how != CT_ANCHOR_ORPHANED && (res.start < 0 || res.end > n || res.start > res.end))
                abort();
            if (res.score < 0 || res.score > 1 || res.prefix_score < 0 || res.prefix_score > 1 ||
                res.suffix_score < 0 || res.suffix_score > 1)
                abort();
        }
        ct_anchor_text_free(doc);
    }
    free(buf);
    return 0;
}
