#!/bin/bash
# Run once by the official postgres image when it creates the cluster
# (/docker-entrypoint-initdb.d): the role innsyn owning the database newsroom, and the role
# replicator for the optional streaming replica. Passwords from compose's secrets, never
# written here. docs/deployment.md, "Compose".
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set innsyn_pw="$(cat /run/secrets/innsyn_db_password)" \
  --set replicator_pw="$(cat /run/secrets/replication_password)" <<'SQL'
CREATE ROLE innsyn LOGIN PASSWORD :'innsyn_pw';
CREATE ROLE replicator LOGIN REPLICATION PASSWORD :'replicator_pw';
CREATE DATABASE newsroom OWNER innsyn ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname newsroom <<'SQL'
-- Nobody but innsyn creates anything in the database; innsyn makes a schema per collection.
REVOKE ALL ON DATABASE newsroom FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL

# The replica connects over compose's network as replicator (the image's own pg_hba.conf lets
# every role log in to every database, but not to the replication pseudo-database).
echo 'host replication replicator all scram-sha-256' >> "$PGDATA/pg_hba.conf"
