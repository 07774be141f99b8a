/*
 * log.h -- how the library's lower layers report trouble to the host.
 *
 * The store, the migrations and the worker threads log through a function
 * pointer they are given at open; they never see the ABI (plugin.h), so
 * the levels are declared here. Their values are the ABI's CT_LOG_* values
 * (the door checks that at compile time), so the door hands the host's
 * log function straight down.
 */
#ifndef CT_LOG_H
#define CT_LOG_H

typedef enum ct_log_level {
    CT_LEVEL_DEBUG = 0,   /* = CT_LOG_DEBUG */
    CT_LEVEL_INFO  = 1,   /* = CT_LOG_INFO  */
    CT_LEVEL_WARN  = 2,   /* = CT_LOG_WARN  */
    CT_LEVEL_ERROR = 3    /* = CT_LOG_ERROR */
} ct_log_level;

/* Where a lower layer's message goes; log_data is the caller's; may be NULL. */
typedef void (*ct_log_fn)(void *log_data, int level, const char *message);

#endif
