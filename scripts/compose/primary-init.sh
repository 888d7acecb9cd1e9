#!/bin/sh
# Runs once, when the primary's data directory is created (docker-entrypoint-initdb.d): a role the
# replica streams WAL with, and the pg_hba line letting it connect for replication.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
create role replicator with replication login password '${REPLICATION_PASSWORD}';
SQL
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
