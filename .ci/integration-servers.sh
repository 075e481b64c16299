#!/usr/bin/env bash
# Installs and starts a PostgreSQL and a MariaDB server on loopback for `npm run test:integration`,
# with password authentication for their administrators. Idempotent: a server already answering
# is left alone. Runs as root (CI, a dev container); Debian 12's packages only.
#
# Both listen on 127.0.0.1 only, with throwaway data directories under $GENIMS_DB_ROOT. The admin
# passwords are local test values (the integration test's defaults), not secrets of any stack.
set -euo pipefail

ROOT="${GENIMS_DB_ROOT:-/var/tmp/genims-integration}"
PGPORT="${PGPORT:-5432}"
PGPASSWORD="${PGPASSWORD:-genims-local-admin}"
MYSQL_PORT="${MYSQL_PORT:-3306}"
MYSQL_PASSWORD="${MYSQL_PASSWORD:-genims-local-admin}"

need_install=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || need_install+=(postgresql)
command -v mariadbd > /dev/null || need_install+=(mariadb-server)
if [ "${#need_install[@]}" -gt 0 ]; then
  echo "== installing ${need_install[*]}"
  apt-get update -qq
  # The packages' own services are not used (CI containers have no init system): we start our own.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}" > /dev/null
fi
PGBIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
mkdir -p "$ROOT"

# PostgreSQL: a cluster owned by the postgres user, scram-sha-256 over TCP, loopback only.
PGDATA="$ROOT/pg"
if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
  echo "== PostgreSQL already answering on 127.0.0.1:$PGPORT"
else
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    install -d -o postgres -g postgres -m 700 "$PGDATA"
    pwfile="$(mktemp)" && printf '%s\n' "$PGPASSWORD" > "$pwfile" && chown postgres "$pwfile"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" \
      --auth-host=scram-sha-256 --auth-local=peer --encoding=UTF8 --locale=C.UTF-8 > /dev/null
    rm -f "$pwfile"
  fi
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA" start > /dev/null
  echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') started on 127.0.0.1:$PGPORT"
fi

# MariaDB: its own datadir and socket, no name resolution (so 'user'@'%' matches 127.0.0.1).
MYDATA="$ROOT/mariadb"
MYSOCK="$MYDATA/mariadb.sock"
if mariadb-admin --protocol=tcp -h 127.0.0.1 -P "$MYSQL_PORT" -u root -p"$MYSQL_PASSWORD" ping > /dev/null 2>&1; then
  echo "== MariaDB already answering on 127.0.0.1:$MYSQL_PORT"
else
  fresh=false
  if [ ! -d "$MYDATA/mysql" ]; then
    install -d -o mysql -g mysql -m 750 "$MYDATA"
    mariadb-install-db --user=mysql --datadir="$MYDATA" --skip-test-db > /dev/null 2>&1
    fresh=true
  fi
  nohup mariadbd --user=mysql --datadir="$MYDATA" --socket="$MYSOCK" --pid-file="$MYDATA/mariadb.pid" \
    --bind-address=127.0.0.1 --port="$MYSQL_PORT" --skip-name-resolve --log-error="$MYDATA/server.log" > /dev/null 2>&1 &
  for _ in $(seq 1 60); do
    mariadb-admin --socket="$MYSOCK" ping > /dev/null 2>&1 && break
    sleep 0.5
  done
  if [ "$fresh" = true ]; then
    # root over TCP from 127.0.0.1 with a password; anonymous accounts would shadow 'user'@'%'.
    mariadb --socket="$MYSOCK" -u root <<SQL
DELETE FROM mysql.global_priv WHERE User = '';
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '$MYSQL_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  fi
  mariadb-admin --protocol=tcp -h 127.0.0.1 -P "$MYSQL_PORT" -u root -p"$MYSQL_PASSWORD" ping > /dev/null
  echo "== MariaDB $(mariadbd --version | awk '{print $3}') started on 127.0.0.1:$MYSQL_PORT"
fi
