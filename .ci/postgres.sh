# Sourced by .ci/run and bench/run: the local PostgreSQL cluster on 127.0.0.1:5432, started if it
# is not running (never stopped), with the password role `authsidecar`. Sets PG_VERSION.
# shellcheck shell=bash

start_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "installing PostgreSQL" >&2
    apt-get update -q && apt-get install -y -q --no-install-recommends postgresql postgresql-contrib
  fi
  PG_VERSION=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$PG_VERSION" ] || { echo "no PostgreSQL cluster found under /etc/postgresql" >&2; return 1; }
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    echo "starting PostgreSQL $PG_VERSION" >&2
    pg_ctlcluster "$PG_VERSION" main start
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p 5432 >/dev/null
  su postgres -c "psql -v ON_ERROR_STOP=1 -q" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authsidecar') THEN
    CREATE ROLE authsidecar LOGIN PASSWORD 'authsidecar';
  END IF;
END $$;
SQL
}
