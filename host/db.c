/*
 * db.c -- the host's own connection to PostgreSQL, for its articles, users
 * and sessions (tables host_*). A few connections under a mutex each; the
 * plugin keeps its own pool. Every statement is parameterised.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "host.h"

struct host_db {
    int              size;
    PGconn         **conns;
    pthread_mutex_t *locks;
    unsigned         next;
    pthread_mutex_t  next_lock;
};

host_db *host_db_open(const char *conninfo, int size, char *error, size_t error_size)
{
    host_db *db = calloc(1, sizeof *db);
    if (db == NULL)
        return NULL;
    db->size = size;
    db->conns = calloc((size_t)size, sizeof *db->conns);
    db->locks = calloc((size_t)size, sizeof *db->locks);
    pthread_mutex_init(&db->next_lock, NULL);
    for (int i = 0; db->conns && db->locks && i < size; i++) {
        pthread_mutex_init(&db->locks[i], NULL);
        /* connect_timeout first: one in conninfo (expanded after it) wins */
        db->conns[i] = PQconnectdbParams((const char *const[]){"connect_timeout", "dbname", NULL},
                                         (const char *const[]){"5", conninfo, NULL}, 1);
        if (PQstatus(db->conns[i]) != CONNECTION_OK) {
            snprintf(error, error_size, "database: %s", PQerrorMessage(db->conns[i]));
            host_db_close(db);
            return NULL;
        }
        PQclear(PQexec(db->conns[i], "SET client_min_messages = warning"));
    }
    return db;
}

void host_db_close(host_db *db)
{
    if (db == NULL)
        return;
    for (int i = 0; db->conns && i < db->size; i++) {
        PQfinish(db->conns[i]);
        if (db->locks)
            pthread_mutex_destroy(&db->locks[i]);
    }
    pthread_mutex_destroy(&db->next_lock);
    free(db->conns);
    free(db->locks);
    free(db);
}

PGresult *host_db_exec(host_db *db, const char *sql, int nparams, const char *const *params)
{
    pthread_mutex_lock(&db->next_lock);
    int i = (int)(db->next++ % (unsigned)db->size);
    pthread_mutex_unlock(&db->next_lock);

    pthread_mutex_lock(&db->locks[i]);
    if (PQstatus(db->conns[i]) != CONNECTION_OK)
        PQreset(db->conns[i]);
    PGresult *res = PQexecParams(db->conns[i], sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        fprintf(stderr, "host database: %s", PQerrorMessage(db->conns[i]));
        PQclear(res);
        res = NULL;
    }
    pthread_mutex_unlock(&db->locks[i]);
    return res;
}
