#!/bin/sh
# Runs `innsyn ARGS` with the secrets compose mounts under /run/secrets as the environment
# variables innsyn and node-postgres read, so that no secret is written in compose.yaml, in an
# image or on a command line. docs/deployment.md, "Compose".
set -eu
if [ -r /run/secrets/innsyn_db_password ]; then
  PGPASSWORD="$(cat /run/secrets/innsyn_db_password)"
  export PGPASSWORD
fi
if [ -r /run/secrets/innsyn_token ]; then
  INNSYN_TOKEN="$(cat /run/secrets/innsyn_token)"
  export INNSYN_TOKEN
fi
exec /opt/innsyn/bin/innsyn.js "$@"
