/*
 * config.c -- parsing open()'s configuration JSON (see config.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "jsonin.h"
#include "validate.h"

static const char *const config_keys[] = {
    "database", "pool_size", "language", "publisher", "pool_wait_ms",
    "statement_timeout_ms", "webhooks", NULL
};
static const char *const publisher_keys[] = {"name", "url", "claim_url", NULL};

static ct_rc copy(const char *src, char **dst, ct_error *err)
{
    *dst = NULL;
    if (src == NULL)
        return CT_OK;
    *dst = strdup(src);
    return *dst ? CT_OK : ct_fail(err, CT_ENOMEM, "out_of_memory", NULL, "out of memory");
}

static ct_rc parse_publisher(json_object *root, ct_config *cfg, ct_error *err)
{
    json_object *publisher = NULL;
    const char *name = NULL, *url = NULL, *claim_url = NULL;
    ct_rc rc = ct_json_object(root, "", "publisher", false, &publisher, err);

    if (rc != CT_OK || publisher == NULL)
        return rc;
    rc = ct_json_only_keys(publisher, publisher_keys, "publisher", err);
    if (rc == CT_OK)
        rc = ct_json_text(publisher, "publisher", "name", true, 1, 200, &name, err);
    if (rc == CT_OK)
        rc = ct_json_url(publisher, "publisher", "url", false, &url, err);
    if (rc == CT_OK)
        rc = ct_json_url(publisher, "publisher", "claim_url", false, &claim_url, err);
    if (rc == CT_OK && claim_url && strstr(claim_url, "{id}") == NULL)
        rc = ct_fail(err, CT_EINVALID, "invalid_value", "publisher.claim_url",
                     "publisher.claim_url must contain {id}");
    if (rc == CT_OK)
        rc = copy(claim_url, &cfg->publisher_claim_url, err);
    if (rc == CT_OK)
        rc = copy(name, &cfg->publisher_name, err);
    if (rc == CT_OK)
        rc = copy(url, &cfg->publisher_url, err);
    return rc;
}

static ct_rc parse_root(json_object *root, ct_config *cfg, ct_error *err)
{
    const char *database = NULL, *language = NULL;
    int64_t pool_size = CT_POOL_SIZE_DEFAULT, wait_ms = 5000, timeout_ms = 10000;
    json_object *webhooks = NULL;
    ct_rc rc;

    if (!json_object_is_type(root, json_type_object))
        return ct_fail(err, CT_EINVALID, "wrong_type", "", "the configuration must be an object");
    rc = ct_json_only_keys(root, config_keys, "", err);
    if (rc == CT_OK)
        rc = ct_json_text(root, "", "database", false, 0, 4096, &database, err);
    if (rc == CT_OK)
        rc = ct_json_int(root, "", "pool_size", false, 1, CT_POOL_SIZE_MAX, &pool_size, NULL, err);
    if (rc == CT_OK)
        rc = ct_json_int(root, "", "pool_wait_ms", false, 1, 60000, &wait_ms, NULL, err);
    if (rc == CT_OK)
        rc = ct_json_int(root, "", "statement_timeout_ms", false, 1, 600000, &timeout_ms,
                         NULL, err);
    if (rc == CT_OK)
        rc = ct_json_text(root, "", "language", false, 1, 35, &language, err);
    if (rc == CT_OK && language && !ct_language_valid(language))
        rc = ct_fail(err, CT_EINVALID, "invalid_language", "language",
                     "language must be a language tag such as \"ru\"");
    if (rc == CT_OK && language && !ct_i18n_lang(language, &(ct_lang){CT_LANG_EN}))
        rc = ct_fail(err, CT_EINVALID, "unsupported_language", "language",
                     "notices can be written in ru, kk or en, not %.20s", language);
    if (rc == CT_OK && json_object_object_get_ex(root, "webhooks", &webhooks) &&
        webhooks != NULL)
        rc = ct_fail(err, CT_EINVALID, "not_supported", "webhooks",
                     "webhook delivery is not available in this version of the plugin");
    if (rc == CT_OK)
        rc = parse_publisher(root, cfg, err);
    if (rc == CT_OK)
        rc = copy(database ? database : "", &cfg->database, err);
    if (rc == CT_OK)
        rc = copy(language ? language : "en", &cfg->language, err);
    cfg->pool_size = (size_t)pool_size;
    cfg->pool_wait_ms = (int)wait_ms;
    cfg->statement_timeout_ms = (int)timeout_ms;
    return rc;
}

ct_rc ct_config_parse(const char *config_json, ct_config *cfg, ct_error *err)
{
    json_object *root = NULL;
    ct_rc rc;

    memset(cfg, 0, sizeof *cfg);
    if (config_json == NULL || config_json[0] == '\0')
        config_json = "{}";
    rc = ct_json_parse(config_json, strlen(config_json), &root, err);
    if (rc == CT_OK)
        rc = parse_root(root, cfg, err);
    json_object_put(root);
    if (rc != CT_OK)
        ct_config_free(cfg);
    return rc;
}

void ct_config_free(ct_config *cfg)
{
    free(cfg->database);
    free(cfg->language);
    free(cfg->publisher_name);
    free(cfg->publisher_url);
    free(cfg->publisher_claim_url);
    memset(cfg, 0, sizeof *cfg);
}
