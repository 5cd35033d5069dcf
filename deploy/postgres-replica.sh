#!/bin/bash
# The optional streaming replica of deploy/compose.yaml (profile `replica`): on first start an
# empty data folder is filled with pg_basebackup -R from the primary (which also writes the
# standby settings), then the server starts as a hot standby that innsyn reads with --db-read.
# Runs as the image's postgres user. docs/deployment.md, "A streaming replica".
set -euo pipefail
: "${PGDATA:=/var/lib/postgresql/data}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  export PGPASSWORD
  PGPASSWORD="$(cat /run/secrets/replication_password)"
  until pg_isready --host=postgres --username=replicator --dbname=postgres --quiet; do sleep 1; done
  pg_basebackup --host=postgres --username=replicator --pgdata="$PGDATA" \
    --write-recovery-conf --wal-method=stream --checkpoint=fast
  chmod 0700 "$PGDATA"
  unset PGPASSWORD
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on -c max_standby_streaming_delay=30s "$@"
