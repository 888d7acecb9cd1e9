#!/bin/sh
# The streaming replica: on first start its data directory is copied from the primary with
# pg_basebackup -R (which also writes standby.signal and primary_conninfo), then it runs as a hot standby.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h "$PRIMARY_HOST" -p 5432 -U replicator; do sleep 1; done
  export PGPASSWORD="$REPLICATION_PASSWORD"
  pg_basebackup -h "$PRIMARY_HOST" -p 5432 -U replicator -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
# The primary's shared_buffers (docker-compose.yml): the replica serves the same reads.
exec postgres -c hot_standby=on -c shared_buffers=1GB
