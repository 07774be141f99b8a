/*
 * notices.c -- readers' notices for an article, as JSON.
 *
 * The representation is built by ct_notice_json() in the database so an
 * article with many claims is still one round trip.
 */
#include "notices.h"

#include "store.h"

ct_rc ct_notices_json(ct_conn *conn, const char *article_id, const char *lang,
                      const char *default_lang, char **json_out, ct_error *err)
{
    const char *params[3] = {article_id, lang, default_lang};
    return ct_exec_text(conn, ST_NOTICES_JSON, 3, params, "article", json_out, err);
}
