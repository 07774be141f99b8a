/*
 * migrate.h -- bringing a database's schema up to date at open().
 *
 * The numbered files of sql/ are compiled into the plugin (see
 * tools/embed_sql.c), so a deployed .so always carries the schema it
 * expects. They are applied in order, each in its own transaction, under a
 * PostgreSQL advisory lock, and recorded in schema_migrations: several
 * hosts may open one fresh database at once and exactly one applies each
 * migration.
 *
 * Everything claimtrack creates lives in its own PostgreSQL schema
 * (configurable, "claimtrack" by default), migrations recorded in
 * <schema>.schema_migrations, so a CMS database whose public schema holds
 * another tool's schema_migrations (Rails, Flyway-style tools) or tables of
 * its own is never touched. A database set up by an earlier release, whose
 * ct_* tables, functions and schema_migrations are in public, is adopted:
 * they are moved into the schema in one transaction, with their rows.
 */
#ifndef CT_MIGRATE_H
#define CT_MIGRATE_H

#include "base/error.h"
#include "store/store.h"

typedef struct ct_migration {
    int         version;   /* from the file name: 001_core.sql -> 1 */
    const char *name;      /* "001_core.sql"                        */
    const char *sql;
} ct_migration;

/* The embedded migrations, in version order (generated at build time). */
extern const ct_migration ct_migrations[];
extern const int ct_migrations_count;

/*
 * Apply every embedded migration newer than the database's to schema (a
 * plain identifier, checked by the configuration), using a dedicated
 * connection to conninfo. *schema_version receives the version the
 * database is at afterwards. A database newer than the plugin is refused
 * (schema_too_new). time_zone (an IANA name, or NULL for UTC) is the
 * newsroom's while migrations run (claimtrack.time_zone): sql/036 reads
 * the days of rows written before in it. A name the database does not
 * know is refused (invalid_value, field time_zone) before any migration
 * runs.
 */
ct_rc ct_migrate(const char *conninfo, const char *schema, const char *time_zone,
                 ct_log_fn log, void *log_data, int *schema_version, ct_error *err);

#endif
