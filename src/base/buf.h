/*
 * buf.h -- a growable text buffer and the escapers for text that ends up
 * in HTML or inside a <script> element.
 *
 * Rendering appends many small pieces; the buffer remembers an allocation
 * failure instead of making every call site check, and ct_buf_take reports
 * it once at the end.
 */
#ifndef CT_BUF_H
#define CT_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ct_buf {
    char  *data;
    size_t len;
    size_t cap;
    bool   failed;     /* an allocation failed; the content is incomplete */
} ct_buf;

#define CT_BUF_INIT {NULL, 0, 0, false}

/* Make room for extra more bytes (and the NUL) at once, so that the
   appends that follow copy without growing it; false when it cannot
   (noted as a failure of b, as any append's). */
bool ct_buf_reserve(ct_buf *b, size_t extra);

void ct_buf_append(ct_buf *b, const char *s);
void ct_buf_append_len(ct_buf *b, const char *s, size_t len);
void ct_buf_appendf(ct_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append s escaped for HTML text and double- or single-quoted attributes:
   & < > " ' become entities. NULL appends nothing. */
void ct_buf_append_html(ct_buf *b, const char *s);

/*
 * Append JSON text made safe to embed in <script type="application/ld+json">:
 * < > & U+2028 U+2029 become \u escapes. Only valid where they can occur,
 * inside JSON strings, which is everywhere in serialised JSON.
 */
void ct_buf_append_script_json(ct_buf *b, const char *json);

/* Append s[0, n) as one element of a PostgreSQL array literal (its
   braces are the caller's): double-quoted, " and \ escaped, after a comma
   unless first. Any text, spaces and braces included, comes back as it
   was from the array's text[] parameter. */
void ct_buf_append_array_item(ct_buf *b, const char *s, size_t n, bool first);

/* The NUL-terminated text (caller frees), or NULL when anything failed.
   Resets b. */
char *ct_buf_take(ct_buf *b);

/* Free the content without taking it. */
void ct_buf_free(ct_buf *b);

#endif
