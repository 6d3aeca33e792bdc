#!/usr/bin/env bash
# Brings up a local PostgreSQL for the SidecarStore tests and prints its URL as the last line.
#
# Works as root in a container without systemd (pg_ctlcluster starts the server directly),
# and is idempotent: a second run only checks and prints. Use it as
#   export SIDECAR_TEST_POSTGRES_URL="$(scripts/postgres.sh | tail -n 1)"
set -euo pipefail

ROLE=sidecar
PASSWORD=sidecar
DATABASE=sidecar_test
PORT=5432

log() { echo "postgres.sh: $*" >&2; }

# 1. The server binaries, from Debian's packages.
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing PostgreSQL from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi
VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"

# 2. A cluster (the package creates `main`; an image built without it may lack one).
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main"' | grep -q .; then
    log "creating cluster $VERSION/main"
    pg_createcluster "$VERSION" main --port "$PORT" >&2
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" { print $3 }')"

# 3. Running. Without systemd nothing recreates the socket folder after a reboot.
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" { print $4 }' | grep -q online; then
    install -d -o postgres -g postgres -m 2775 /var/run/postgresql
    log "starting cluster $VERSION/main on port $PORT"
    pg_ctlcluster "$VERSION" main start >&2
fi

# Runs SQL as the superuser over the local socket (peer authentication).
as_postgres() { runuser -u postgres -- psql -p "$PORT" -X -q -v ON_ERROR_STOP=1 -tA "$@"; }

for _ in $(seq 1 50); do
    as_postgres -c 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.2
done

# 4. The role and database the tests use; the role owns the database so that each test can
#    create its own schema.
if [ "$(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
    log "creating role $ROLE"
    as_postgres -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
fi
if [ "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
    log "creating database $DATABASE"
    as_postgres -c "CREATE DATABASE $DATABASE OWNER $ROLE"
fi

echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"
