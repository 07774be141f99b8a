#!/usr/bin/env bash
# wordpress.sh -- a local WordPress 6.1 site (Debian's packages) running the
# claimtrack plugin, for people (`make wordpress`) and for the tests.
#
#   wordpress.sh up BUILD         make wordpress: var/wordpress, port $PORT (8090);
#                                 created on first use and kept; the seed story
#                                 loaded; serves until Ctrl-C, then stops cleanly
#   wordpress.sh start BUILD DIR PORT   a site in DIR (created when missing), started, seeded
#   wordpress.sh stop DIR               stop everything of the site in DIR
#
# WP_CRON=off (the tests) defines DISABLE_WP_CRON: page views spawn no cron
# run; wp-cron.php still runs what is due when it is asked for.
#
# A site is: MariaDB for WordPress's own tables (a private datadir, run as the
# mysql user, socket only), PostgreSQL for claimtrack's (scripts/pg.sh, socket
# only), php-fpm (2 workers, static) behind Apache (event MPM, proxy_fcgi) on
# 127.0.0.1:PORT. WordPress's configuration follows Debian's scheme: Apache
# sets WORDPRESS_CONFIG, /usr/share/wordpress/wp-config.php reads
# /etc/wordpress/config-<that>.php, which only requires DIR/wp-config-local.php
# (written at start, removed at stop). PHP loads the plugin's FFI as a site
# owner would set it up: the plugin's bin/php-ini.sh writes the ini file, here
# into DIR/php-conf.d (PHP_INI_SCAN_DIR adds it to Debian's conf.d).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/pg.sh"

PACKAGES=(wordpress wordpress-theme-twentytwentythree php8.2-fpm php8.2-cli php8.2-mysql php8.2-xml
          php8.2-mbstring php8.2-opcache mariadb-server apache2)
USERS_HELP="admin / admin-demo-1 (administrator: claimtrack admin)
  moderator / moderator-demo-1 (WordPress editor with claimtrack_moderate: moderator)
  editor / editor-demo-1 (WordPress editor without claimtrack_moderate: editor)
  contributor / contributor-demo-1 (contributor: reader)"

# ---- packages ---------------------------------------------------------------

install_packages() {
    local missing=() pkg
    for pkg in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || { echo "wordpress: run as root to install ${missing[*]}" >&2; exit 1; }
    echo "wordpress: installing ${missing[*]}"
    # Debian starts MariaDB, Apache and php-fpm as system services when they
    # are installed: this site runs its own, so nothing is started.
    local policy=/usr/sbin/policy-rc.d created=
    if [ ! -e $policy ]; then printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; created=1; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [ -n "$created" ] && rm -f $policy
    return 0
}

# ---- where -------------------------------------------------------------------

# site_paths DIR PORT: the site's variables. The site's files must be reachable
# by www-data, mysql and postgres: under a private home (/root) they are not,
# so the site then lives in /var/lib/claimtrack/<hash> with DIR a link to it.
site_paths() {
    local dir=$1
    mkdir -p "$(dirname "$dir")"
    if [ ! -e "$dir" ] && ! runuser -u www-data -- test -x "$(dirname "$dir")"; then
        local alt="/var/lib/claimtrack/$(printf '%s' "$dir" | md5sum | cut -c1-12)"
        mkdir -p "$alt"
        ln -sfn "$alt" "$dir"
    fi
    mkdir -p "$dir"
    W=$(cd "$dir" && pwd -P)
    chmod 755 "$W"
    PORT=$2
    FPM_SOCK=$W/run/php-fpm.sock
    NAME="claimtrack-$PORT"
    DB=$W/mariadb
    SOCK=$DB/run/mysqld.sock
    PG=$W/pg
    PLUGIN=$W/wp-content/plugins/claimtrack
}

# ---- MariaDB -----------------------------------------------------------------

as_mysql() { runuser -u mysql -- "$@"; }

db_init() {
    mkdir -p "$DB/data" "$DB/run"
    chown -R mysql: "$DB"
    chmod 700 "$DB/data"
    chmod 755 "$DB" "$DB/run"
    as_mysql mariadb-install-db --no-defaults --datadir="$DB/data" --auth-root-authentication-method=socket \
        --skip-test-db >"$DB/install.log" 2>&1 || { cat "$DB/install.log" >&2; return 1; }
}

db_start() {
    as_mysql setsid mariadbd --no-defaults --datadir="$DB/data" --socket="$SOCK" --skip-networking \
        --pid-file="$DB/run/mariadbd.pid" --log-error="$DB/error.log" --innodb-buffer-pool-size=64M \
        --character-set-server=utf8mb4 </dev/null >/dev/null 2>&1 &
    for _ in $(seq 1 600); do
        as_mysql mariadb-admin --no-defaults -S "$SOCK" -u mysql ping >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    cat "$DB/error.log" >&2
    return 1
}

db_stop() {
    [ -S "$SOCK" ] && as_mysql mariadb-admin --no-defaults -S "$SOCK" -u mysql shutdown >/dev/null 2>&1 || true
}

db_create() {
    local password
    password=$(openssl rand -hex 16)
    as_mysql mariadb --no-defaults -S "$SOCK" -u mysql <<SQL
CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'wordpress'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';
SQL
    printf '%s' "$password" > "$W/mariadb.password"
    chmod 600 "$W/mariadb.password"
}

# ---- configuration -------------------------------------------------------------

salt() { openssl rand -base64 48 | tr -d '\n=+/'; }

write_config() {
    [ -f "$W/salts.php" ] || {
        { echo "<?php"
          for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
              echo "define('$k', '$(salt)');"
          done; } > "$W/salts.php"
    }
    local claimtrack
    # a password (the cluster trusts its socket: never asked for) and a key,
    # as a newsroom's configuration has them: the Status page must mask both
    [ -f "$W/claimtrack.secrets" ] || printf '%s %s\n' "$(salt)" "$(openssl rand -base64 32)" > "$W/claimtrack.secrets"
    local pg_password secrets_key
    read -r pg_password secrets_key < "$W/claimtrack.secrets"
    claimtrack=$(printf '{"database":"host=%s dbname=postgres user=postgres password=%s application_name=wordpress","time_zone":"Asia/Almaty","publisher":{"name":"Qazaq Newsroom","url":"http://127.0.0.1:%s/","claim_url":"http://127.0.0.1:%s/#claim-{id}"},"secrets_key":"%s","pool_size":1,"outbound":{"workers":false}}' "$PG" "$pg_password" "$PORT" "$PORT" "$secrets_key")
    cat > "$W/wp-config-local.php" <<PHP
<?php
// The site's configuration, required by /etc/wordpress/config-$NAME.php.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', '$(cat "$W/mariadb.password")');
define('DB_HOST', 'localhost:$SOCK');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
require '$W/salts.php';
define('WP_HOME', 'http://127.0.0.1:$PORT');
define('WP_SITEURL', 'http://127.0.0.1:$PORT');
define('WP_CONTENT_DIR', '$W/wp-content');
define('WP_CONTENT_URL', 'http://127.0.0.1:$PORT/wp-content');
define('FS_METHOD', 'direct');
define('WP_HTTP_BLOCK_EXTERNAL', true);       // a local site: no calls to wordpress.org
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', false);                    // PHP still logs warnings and errors to run/php-error.log
// claimtrack: open()'s configuration, and the time a page spends in it (reader.php)
define('CLAIMTRACK_CONFIG', '$claimtrack');
define('CLAIMTRACK_LOG', '$W/run/claimtrack.log');
define('CLAIMTRACK_TIMING', true);
// WP_CRON=off: no cron run spawned by page views (the tests ask wp-cron.php
// themselves, so that no job writes while a test counts the tables)
define('DISABLE_WP_CRON', $([ "${WP_CRON:-on}" = off ] && echo true || echo false));
PHP
    chown root:www-data "$W/wp-config-local.php" "$W/salts.php"
    chmod 640 "$W/wp-config-local.php" "$W/salts.php"
    printf "<?php\nrequire '%s/wp-config-local.php';\n" "$W" > "/etc/wordpress/config-$NAME.php"
    chmod 644 "/etc/wordpress/config-$NAME.php"
}

install_plugin() {
    local build=$1
    mkdir -p "$W/wp-content/plugins" "$W/wp-content/themes" "$W/wp-content/uploads" "$W/wp-content/mu-plugins" \
        "$W/php-conf.d"
    cp "$root/plugin/wordpress/site/mu-plugins/local-site.php" "$W/wp-content/mu-plugins/"
    ln -sfn /usr/share/wordpress/wp-content/themes/twentytwentythree "$W/wp-content/themes/twentytwentythree"
    rm -rf "$PLUGIN"
    cp -R "$root/$build/wordpress/claimtrack" "$PLUGIN"
    "$PLUGIN/bin/php-ini.sh" --user www-data --lib "$W/php-lib" "$W/php-conf.d" >/dev/null
    chown -R www-data: "$W/wp-content"
    # the set-up script and the seed story, where www-data can read them (the checkout may be in /root)
    mkdir -p "$W/setup"
    cp "$root/plugin/wordpress/site/install.php" "$root/data/seed/article-ru.txt" "$root/data/seed/caracas.json" "$W/setup/"
    chmod -R a+rX "$W/setup"
}

web_config() {
    mkdir -p "$W/run"
    chown www-data: "$W/run"
    cat > "$W/php-fpm.conf" <<CONF
[global]
pid = $W/run/php-fpm.pid
error_log = $W/run/php-fpm.log
daemonize = no
; the workers' atexit() handlers close claimtrack's instance: give them time
process_control_timeout = 5s
[claimtrack]
user = www-data
group = www-data
listen = $FPM_SOCK
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = 2
catch_workers_output = yes
clear_env = no
php_admin_value[error_log] = $W/run/php-error.log
php_admin_flag[log_errors] = on
CONF
    cat > "$W/apache.conf" <<CONF
ServerRoot $W
ServerName 127.0.0.1
Listen 127.0.0.1:$PORT
PidFile $W/run/apache.pid
ErrorLog $W/run/apache-error.log
Mutex file:$W/run default
DefaultRuntimeDir $W/run
User www-data
Group www-data
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so
LoadModule env_module /usr/lib/apache2/modules/mod_env.so
LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
LoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so
LoadModule setenvif_module /usr/lib/apache2/modules/mod_setenvif.so
TypesConfig /etc/mime.types
LogFormat "%h %t \"%r\" %>s %b %D" timed
CustomLog $W/run/apache-access.log timed
DirectoryIndex index.php index.html
DocumentRoot /usr/share/wordpress
Alias /wp-content $W/wp-content
SetEnv WORDPRESS_CONFIG $NAME
# as behind a proxy that ends TLS: a request it marks https is one to WordPress (is_ssl())
SetEnvIf X-Forwarded-Proto "^https\$" HTTPS=on
<Directory />
    Require all denied
</Directory>
<Directory /usr/share/wordpress>
    Require all granted
    <FilesMatch "\.php$">
        SetHandler "proxy:unix:$FPM_SOCK|fcgi://localhost"
    </FilesMatch>
</Directory>
<Directory $W/wp-content>
    Require all granted
    <FilesMatch "\.(php|so|h|sh)$">
        Require all denied
    </FilesMatch>
</Directory>
CONF
}

# ---- processes -------------------------------------------------------------------

web_start() {
    PHP_INI_SCAN_DIR=":$W/php-conf.d" setsid php-fpm8.2 -F -y "$W/php-fpm.conf" \
        >"$W/run/php-fpm.stdout" 2>&1 </dev/null &
    echo $! > "$W/run/php-fpm.main"
    setsid apache2 -f "$W/apache.conf" -DFOREGROUND >"$W/run/apache.stdout" 2>&1 </dev/null &
    echo $! > "$W/run/apache.main"
    for _ in $(seq 1 200); do
        curl -sf -o /dev/null "http://127.0.0.1:$PORT/wp-login.php" && return 0
        sleep 0.05
    done
    echo "wordpress: the web server did not come up" >&2
    cat "$W"/run/*.stdout "$W/run/php-fpm.log" >&2 2>/dev/null || true
    return 1
}

stop_pidfile() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 0
    kill -"$2" "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$1"
}

pg_up() {
    if [ ! -f "$PG/data/PG_VERSION" ]; then
        pg_init "$PG"
    fi
    as_pg "$PGBIN/pg_ctl" -D "$PG/data" status >/dev/null 2>&1 || pg_start "$PG"
    chmod 711 "$PG"                  # www-data reaches the socket, not the files
}

as_wp() { runuser -u www-data -- env WORDPRESS_CONFIG="$NAME" HTTP_HOST="127.0.0.1:$PORT" "$@"; }

site_start() {
    local build=$1
    install_packages
    pg_up
    [ -d "$DB/data/mysql" ] || { db_init; db_start; db_create; db_stop; }
    db_start
    write_config
    install_plugin "$build"
    web_config
    as_wp php "$W/setup/install.php" "$W/setup" "$W/run/install.out" >/dev/null
    web_start
}

site_stop() {
    stop_pidfile "$W/run/apache.main" TERM
    stop_pidfile "$W/run/php-fpm.main" QUIT
    db_stop
    pg_stop "$PG"
    rm -f "/etc/wordpress/config-$NAME.php"
}

case ${1:-} in
up)
    build=${2:-build}
    site_paths "$root/var/wordpress" "${PORT:-8090}"
    trap 'site_stop; echo "wordpress: stopped (the site is kept in $W)"' EXIT
    trap 'exit 130' INT TERM
    site_start "$build"
    cat "$W/run/install.out"
    echo
    echo "WordPress with claimtrack: http://127.0.0.1:$PORT/  (sign in at http://127.0.0.1:$PORT/wp-login.php)"
    echo "  $USERS_HELP"
    echo "Ctrl-C stops the site."
    while kill -0 "$(cat "$W/run/apache.main")" 2>/dev/null; do sleep 1; done
    ;;
start)
    site_paths "$3" "$4"
    site_start "$2"
    ;;
stop)
    dir=$(cd "$2" && pwd -P)
    port=$(sed -n 's/^Listen 127.0.0.1:\([0-9]*\)$/\1/p' "$dir/apache.conf")
    site_paths "$dir" "$port"
    site_stop
    ;;
*)
    echo "usage: $0 up BUILD | start BUILD DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
