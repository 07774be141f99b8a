/*
 * auth.c -- demo people, their passwords and their sessions.
 *
 * Passwords are hashed with yescrypt through libcrypt (crypt_gensalt_rn,
 * crypt_r): salted and memory-hard. A session is a random 256-bit token in
 * an HttpOnly cookie; the database keeps only its SHA-256, with the user,
 * a CSRF token that every write must echo, and an expiry. After 5 wrong
 * passwords for one name within 15 minutes, that name cannot sign in until
 * the window has passed, so passwords cannot be guessed at speed.
 */
#include <crypt.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "host.h"

#define SESSION_HOURS "12"

bool host_password_hash(const char *password, char *out, size_t out_size)
{
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    struct crypt_data data;

    if (crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof salt) == NULL)
        return false;
    memset(&data, 0, sizeof data);
    const char *hash = crypt_r(password, salt, &data);
    if (hash == NULL || hash[0] == '*' || strlen(hash) >= out_size)
        return false;
    snprintf(out, out_size, "%s", hash);
    return true;
}

bool host_password_check(const char *password, const char *hash)
{
    struct crypt_data data;
    memset(&data, 0, sizeof data);
    const char *again = crypt_r(password, hash, &data);
    if (again == NULL || again[0] == '*' || strlen(again) != strlen(hash))
        return false;
    unsigned char diff = 0;                         /* constant time */
    for (size_t i = 0; hash[i]; i++)
        diff |= (unsigned char)(again[i] ^ hash[i]);
    return diff == 0;
}

static bool random_hex(char *out, size_t bytes)
{
    unsigned char raw[32];
    if (bytes > sizeof raw || getrandom(raw, bytes, 0) != (ssize_t)bytes)
        return false;
    for (size_t i = 0; i < bytes; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    return true;
}

#define FAILURES_ALLOWED "5"
#define FAILURE_WINDOW   "15 minutes"

/* Count this attempt, atomically, before the password is looked at: true
   when it is more than FAILURES_ALLOWED within FAILURE_WINDOW (a success
   clears the count). Concurrent guesses each take a number from the same
   row, so no more than FAILURES_ALLOWED of them are ever checked. */
static bool throttled(host_db *db, const char *name)
{
    const char *params[1] = {name};
    PGresult *res = host_db_exec(db,
        "INSERT INTO host_login_attempts AS a (name, attempts, window_start) VALUES ($1, 1, now())"
        " ON CONFLICT (name) DO UPDATE SET"
        "  attempts = CASE WHEN a.window_start < now() - interval '" FAILURE_WINDOW "'"
        "                  THEN 1 ELSE a.attempts + 1 END,"
        "  window_start = CASE WHEN a.window_start < now() - interval '" FAILURE_WINDOW "'"
        "                      THEN now() ELSE a.window_start END"
        " RETURNING a.attempts > " FAILURES_ALLOWED, 1, params);
    bool locked = res == NULL || PQntuples(res) != 1 || PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    return locked;
}

static void forget_attempts(host_db *db, const char *name)
{
    const char *params[1] = {name};
    PQclear(host_db_exec(db, "DELETE FROM host_login_attempts WHERE name = $1", 1, params));
}

bool host_login(host_db *db, const char *name, const char *password, host_user *user)
{
    const char *params[1] = {name};
    if (throttled(db, name)) {
        fprintf(stderr, "host: sign-in for %.64s refused: too many wrong passwords\n", name);
        return false;
    }
    PGresult *res = host_db_exec(db, "SELECT password_hash, role FROM host_users WHERE name = $1",
                                 1, params);
    bool ok = res && PQntuples(res) == 1 && host_password_check(password, PQgetvalue(res, 0, 0));
    if (ok)
        forget_attempts(db, name);

    if (ok) {
        memset(user, 0, sizeof *user);
        snprintf(user->name, sizeof user->name, "%s", name);
        snprintf(user->role, sizeof user->role, "%s", PQgetvalue(res, 0, 1));
        ok = random_hex(user->session, 32) && random_hex(user->csrf, 32);
    }
    PQclear(res);
    if (!ok)
        return false;
    const char *insert[3] = {user->session, user->name, user->csrf};
    res = host_db_exec(db, "INSERT INTO host_sessions (token_hash, user_name, csrf, expires_at)"
                           " VALUES (encode(sha256(convert_to($1, 'UTF8')), 'hex'), $2, $3,"
                           "         now() + interval '" SESSION_HOURS " hours')", 3, insert);
    ok = res != NULL;
    PQclear(res);
    return ok;
}

bool host_session_user(host_db *db, const char *session, host_user *user)
{
    const char *params[1] = {session};
    if (session == NULL || strlen(session) != 64)
        return false;
    PGresult *res = host_db_exec(db,
        "SELECT u.name, u.role, s.csrf FROM host_sessions s JOIN host_users u ON u.name = s.user_name"
        " WHERE s.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')"
        " AND s.expires_at > now()", 1, params);
    bool ok = res && PQntuples(res) == 1;
    if (ok) {
        memset(user, 0, sizeof *user);
        snprintf(user->name, sizeof user->name, "%s", PQgetvalue(res, 0, 0));
        snprintf(user->role, sizeof user->role, "%s", PQgetvalue(res, 0, 1));
        snprintf(user->csrf, sizeof user->csrf, "%s", PQgetvalue(res, 0, 2));
        snprintf(user->session, sizeof user->session, "%s", session);
    }
    PQclear(res);
    return ok;
}

void host_logout(host_db *db, const char *session)
{
    const char *params[1] = {session};
    PQclear(host_db_exec(db, "DELETE FROM host_sessions"
                             " WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
                         1, params));
}
