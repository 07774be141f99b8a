/*
 * ct_wp.c -- one claimtrack instance per PHP worker process, for PHP's FFI:
 * the process model of the WordPress plugin (plugin/wordpress/claimtrack).
 * ct_wp.h is its interface, in the subset of C that FFI::cdef parses; the
 * build puts it after plugin.h's declarations in lib/ct_wp.ffi.h.
 *
 * PHP frees every FFI object at the end of a request (FFI::cdef's library is
 * dlclose()d then) and keeps no userland state between requests. This shim
 * is linked with -z nodelete, so its statics survive the per-request
 * dlclose(): the first request of a worker opens the instance, the next ones
 * reuse it. claimtrack.so itself is loaded with CT_LOADER_NODELETE, so the
 * plugin's worker threads never run unmapped code.
 *
 * Fork: an instance belongs to the process that opened it (its threads and
 * its connections). A child that inherited one (opened before a fork)
 * forgets it and opens its own; it never uses or closes the parent's.
 *
 * Log: a C function (PHP callbacks must not run on the plugin's threads)
 * writing one line per message with a single write() to stderr or a file.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "claimtrack/loader.h"
#include "ct_wp.h"            /* after <stddef.h>: it has no #include of its own */

#define CT_WP_EXPORT __attribute__((visibility("default")))

static ct_loaded            loaded;
static const ct_plugin_v1  *api;
static void                *inst;
static pid_t                inst_pid;
static char                *inst_key;        /* so path + "\n" + config: reopen when it changes */
static char                *loaded_path;     /* the plugin this process loaded (never unloaded) */
static int                  log_fd = 2;
static int                  log_level = CT_LOG_WARN;
static unsigned long        served;
static double               open_ms;
static int                  atexit_done;

/* The last failed open() of this process, so that a database that is down
   or a configuration that cannot work costs each page view nothing: the
   same so path and configuration are not tried again until fail_retry_at
   (monotonic ms). The wait doubles from OPEN_RETRY_MIN_MS with each failure
   in a row, up to OPEN_RETRY_MAX_MS; a success or a changed configuration
   forgets it. */
#define OPEN_RETRY_MIN_MS  1000.0
#define OPEN_RETRY_MAX_MS  30000.0
static char                *fail_key;
static char                 fail_reason[512];
static double               fail_retry_at;
static double               fail_wait_ms;

static void host_log(void *data, int level, const char *message)
{
    static const char *names[] = {"debug", "info", "warning", "error"};
    char line[700];
    (void)data;
    if (level < log_level)
        return;
    size_t n = strlen(message);
    while (n > 0 && (message[n - 1] == '\n' || message[n - 1] == '\r'))
        n--;
    int len = snprintf(line, sizeof line, "claimtrack[%d] %s: %.*s\n", (int)getpid(),
                       level >= 0 && level <= 3 ? names[level] : "error", (int)n, message);
    if (len > (int)sizeof line - 1)
        len = (int)sizeof line - 1;
    if (write(log_fd, line, (size_t)len) < 0) {
        /* nowhere else to say it */
    }
}

static const ct_host_v1 host = {CLAIMTRACK_ABI_VERSION, NULL, host_log};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void close_instance(void)
{
    if (inst != NULL && inst_pid == getpid()) {
        double t0 = now_ms();
        api->close(inst);             /* joins the workers, closes the pool */
        char msg[160];
        snprintf(msg, sizeof msg, "instance closed after %lu requests (close took %.1f ms)",
                 served, now_ms() - t0);
        host_log(NULL, CT_LOG_INFO, msg);
    } else if (inst != NULL) {
        host_log(NULL, CT_LOG_WARN, "an instance inherited across fork() was dropped, not used");
    }
    inst = NULL;                      /* another process's: forget it, never touch it */
    free(inst_key);
    inst_key = NULL;
    served = 0;
}

static void at_exit(void)
{
    /* exit() runs atexit handlers before any library destructor: close while
       libpq, libcurl and libxml2 are all still initialised. */
    close_instance();
}

static void set_error(char *errbuf, size_t errlen, const char *msg)
{
    if (errbuf != NULL && errlen > 0)
        snprintf(errbuf, errlen, "%s", msg);
}

/* Remember that opening key failed now, for why; key is taken over. */
static void remember_failure(char *key, const char *why)
{
    bool again = fail_key != NULL && strcmp(fail_key, key) == 0;
    fail_wait_ms = again ? fail_wait_ms * 2 : OPEN_RETRY_MIN_MS;
    if (fail_wait_ms > OPEN_RETRY_MAX_MS)
        fail_wait_ms = OPEN_RETRY_MAX_MS;
    fail_retry_at = now_ms() + fail_wait_ms;
    snprintf(fail_reason, sizeof fail_reason, "%s", why);
    free(fail_key);
    fail_key = key;
}

static void forget_failure(void)
{
    free(fail_key);
    fail_key = NULL;
    fail_wait_ms = 0;
}

/* -2 with the remembered reason when key failed and its wait is not over. */
static int remembered_failure(const char *key, char *errbuf, size_t errlen)
{
    double left = fail_retry_at - now_ms();
    if (fail_key == NULL || strcmp(fail_key, key) != 0 || left <= 0)
        return 0;
    if (errbuf != NULL && errlen > 0)
        snprintf(errbuf, errlen, "%s (failed before; next attempt in %.0f ms)", fail_reason, left);
    return -2;
}

/*
 * Open the process's instance, or reuse it. Returns 1 when it opened one now,
 * 0 when it reused the open one, -1 when opening failed now, -2 when it was
 * not tried because the same so_path and config_json failed less than the
 * retry wait ago (1 s after one failure, doubling with each failure in a
 * row up to 30 s); errbuf says why (for -2, the reason of the last attempt
 * and the milliseconds left). log_path: NULL or "" for stderr. level: the
 * lowest CT_LOG_* written.
 */
CT_WP_EXPORT int ct_wp_open(const char *so_path, const char *config_json, const char *log_path,
                            int level, char *errbuf, size_t errlen)
{
    if (errbuf != NULL && errlen > 0)
        errbuf[0] = '\0';
    if (inst != NULL && inst_pid != getpid())
        close_instance();                          /* inherited across fork(): forget */
    size_t klen = strlen(so_path) + strlen(config_json) + 2;
    char *key = malloc(klen);
    if (key == NULL) {
        set_error(errbuf, errlen, "out of memory");
        return -1;
    }
    snprintf(key, klen, "%s\n%s", so_path, config_json);
    if (inst != NULL && strcmp(key, inst_key) == 0) {
        free(key);
        return 0;
    }
    int remembered = remembered_failure(key, errbuf, errlen);
    if (remembered != 0) {
        free(key);
        return remembered;
    }
    if (api != NULL && strcmp(so_path, loaded_path) != 0) {
        static const char why[] = "another claimtrack plugin is already loaded in this process:"
                                  " restart the PHP workers to change plugin_path";
        set_error(errbuf, errlen, why);
        remember_failure(key, why);
        return -1;
    }
    close_instance();                              /* configuration changed */
    log_level = level;
    if (log_path != NULL && log_path[0] != '\0') {
        int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
        if (fd >= 0) {
            if (log_fd > 2)
                close(log_fd);
            log_fd = fd;
        }
    }
    if (api == NULL) {
        char why[512];
        api = ct_loader_open(so_path, CT_LOADER_NODELETE, &loaded, why, sizeof why);
        loaded_path = api ? strdup(so_path) : NULL;
        if (api == NULL || loaded_path == NULL) {
            set_error(errbuf, errlen, api ? "out of memory" : why);
            remember_failure(key, api ? "out of memory" : why);
            api = NULL;
            return -1;
        }
    }
    double t0 = now_ms();
    char *error = NULL;
    inst = api->open(&host, config_json, &error);
    open_ms = now_ms() - t0;
    if (inst == NULL) {
        set_error(errbuf, errlen, error != NULL ? error : "out of memory");
        remember_failure(key, error != NULL ? error : "out of memory");
        api->free_string(error);
        return -1;
    }
    forget_failure();
    inst_pid = getpid();
    inst_key = key;
    {
        char msg[120];
        snprintf(msg, sizeof msg, "instance opened in %.1f ms", open_ms);
        host_log(NULL, CT_LOG_INFO, msg);
    }
    if (!atexit_done)
        atexit_done = atexit(at_exit) == 0;
    return 1;
}

/* The response envelope (free it with ct_wp_free), or NULL: no instance, or out of memory. */
CT_WP_EXPORT char *ct_wp_handle(const char *request_json)
{
    if (inst == NULL || inst_pid != getpid())
        return NULL;
    served++;
    return api->handle(inst, request_json);
}

CT_WP_EXPORT void ct_wp_free(char *s)
{
    if (api != NULL)
        api->free_string(s);
}

CT_WP_EXPORT void ct_wp_close(void)
{
    close_instance();
}

/* For tests and status pages: pid, requests this instance served, ms its open() took. */
CT_WP_EXPORT void ct_wp_stats(long *pid, unsigned long *requests, double *open_millis, int *is_open)
{
    *pid = (long)getpid();
    *requests = served;
    *open_millis = open_ms;
    *is_open = inst != NULL && inst_pid == getpid();
}

/* The loaded plugin's ABI v1 table, NULL until the first successful load. */
CT_WP_EXPORT const ct_plugin_v1 *ct_wp_plugin(void)
{
    return api;
}
