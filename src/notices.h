/*
 * notices.h -- what readers of an article are told about the claims it
 * repeats.
 *
 * One notice per published claim mentioned in the article, in world order
 * of the claims, each with the verdict, the responses and the quotes by
 * which the article repeats it. The language of a notice is the requested
 * one, else the claim's, else the configured default.
 */
#ifndef CT_NOTICES_H
#define CT_NOTICES_H

#include "error.h"
#include "store.h"

/*
 * {"article_id":..., "notices":[...]} as JSON text (malloc'd). lang may be
 * NULL. An article with no published claim has an empty list, not an error.
 */
ct_rc ct_notices_json(ct_conn *conn, const char *article_id, const char *lang,
                      const char *default_lang, char **json_out, ct_error *err);

#endif
