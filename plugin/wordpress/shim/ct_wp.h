/* ct_wp.h -- what PHP's FFI::cdef is given: the shim's functions (ct_wp.c),
   plain declarations only, since FFI's parser takes no preprocessor lines.
   ct_wp_open: 1 opened now, 0 reused the process's instance, -1 failed
   now, -2 not tried because the same plugin and configuration failed less
   than the retry wait ago (1 s, doubling per failure in a row, at most
   30 s); errbuf says why. ct_wp_handle: a response envelope to free with
   ct_wp_free, NULL when no instance is open in this process.
   ct_wp_plugin: the loaded plugin's ABI v1 table (plugin.h), NULL before
   the first ct_wp_open; for its name, version and abi_version. */
int ct_wp_open(const char *so_path, const char *config_json, const char *log_path, int level, char *errbuf, size_t errlen);
char *ct_wp_handle(const char *request_json);
void ct_wp_free(char *s);
void ct_wp_close(void);
void ct_wp_stats(long *pid, unsigned long *requests, double *open_millis, int *is_open);
const struct ct_plugin_v1 *ct_wp_plugin(void);
