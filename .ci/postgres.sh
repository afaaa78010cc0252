# A throwaway PostgreSQL 15 cluster on a free loopback port, for tests and benchmarks.
# `source` it, call start_postgres (sets POSTGRES_URL), and stop_postgres when done.
# initdb and postgres refuse to run as root, so the cluster belongs to the postgres user.

PG_BIN=/usr/lib/postgresql/15/bin

ensure_postgres_installed() {
  if [ ! -x "$PG_BIN/postgres" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  fi
}

start_postgres() {
  ensure_postgres_installed
  POSTGRES_DIR=$(mktemp -d /tmp/p3pd-postgres.XXXXXX)
  chown postgres:postgres "$POSTGRES_DIR"
  local port
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  runuser -u postgres -- "$PG_BIN/initdb" -D "$POSTGRES_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$POSTGRES_DIR/data" -l "$POSTGRES_DIR/server.log" -w \
    -o "-p $port -k $POSTGRES_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null
  export POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL 15 listening on 127.0.0.1:$port"
}

stop_postgres() {
  if [ -n "${POSTGRES_DIR:-}" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$POSTGRES_DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$POSTGRES_DIR"
  fi
}
