/*
 * plugin.c -- the one exported entry point of build/claimtrack.so.
 *
 * claimtrack_plugin_v1() checks the host's ABI version before handing out
 * anything, in the spirit of PostgreSQL's PG_MODULE_MAGIC: a host built
 * for another ABI gets NULL, not a table it would misuse. Everything else
 * in the shared object has hidden visibility.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "door/api.h"
#include "claimtrack/plugin.h"

#define CT_PLUGIN_VERSION "1.0.0"

static void *plugin_open(const ct_host_v1 *host, const char *config_json, char **error_out)
{
    ct_instance *inst = NULL;
    ct_error err;
    ct_rc rc;

    ct_error_clear(&err);
    if (error_out)
        *error_out = NULL;
    if (host != NULL && host->abi_version != CLAIMTRACK_ABI_VERSION)
        rc = ct_fail(&err, CT_EINVALID, "abi_mismatch", NULL,
                     "host ABI version %u is not supported (this plugin speaks %u)",
                     host->abi_version, CLAIMTRACK_ABI_VERSION);
    else
        rc = ct_instance_open(host, config_json, &inst, &err);
    if (rc != CT_OK) {
        if (error_out) {
            size_t size = strlen(err.message) + strlen(err.field) + 32;
            *error_out = malloc(size);
            if (*error_out && err.field[0])
                snprintf(*error_out, size, "%s: %s", err.field, err.message);
            else if (*error_out)
                snprintf(*error_out, size, "%s", err.message);
        }
        return NULL;
    }
    return inst;
}

static char *plugin_handle(void *instance, const char *request_json)
{
    return ct_instance_handle(instance, request_json);
}

static void plugin_free_string(char *s)
{
    free(s);
}

static void plugin_close(void *instance)
{
    ct_instance_close(instance);
}

static const ct_plugin_v1 plugin_v1 = {
    .abi_version = CLAIMTRACK_ABI_VERSION,
    .name = "claimtrack",
    .version = CT_PLUGIN_VERSION,
    .open = plugin_open,
    .handle = plugin_handle,
    .free_string = plugin_free_string,
    .close = plugin_close,
};

__attribute__((visibility("default")))
const ct_plugin_v1 *claimtrack_plugin_v1(uint32_t host_abi_version)
{
    if (host_abi_version != CLAIMTRACK_ABI_VERSION)
        return NULL;
    return &plugin_v1;
}
