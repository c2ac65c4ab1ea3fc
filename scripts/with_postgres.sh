#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at PostgreSQL: the one given, or a throwaway cluster
# started from the installed server binaries (as the `postgres` user: the server refuses root).
# Exit 3 when no PostgreSQL can be had.
set -euo pipefail
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  exec "$@"
fi
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
  echo "Không có PostgreSQL (không có DATABASE_URL và không có máy chủ PostgreSQL được cài)." >&2
  exit 3
fi
RUN_AS=()
if [[ "$(id -u)" == "0" ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
  RUN_AS=(runuser -u postgres --)
fi
DATA="$(mktemp -d /tmp/ansinh-pg.XXXXXX)"
chmod 755 "$DATA"
[[ ${#RUN_AS[@]} -gt 0 ]] && chown postgres "$DATA"
PORT="${PGPORT_TEST:-$(( 54000 + RANDOM % 1000 ))}"
cleanup() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$DATA/db" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA/db" -l "$DATA/log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
"${RUN_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres ansinh
export DATABASE_URL="postgres://postgres@127.0.0.1:${PORT}/ansinh"
echo "PostgreSQL tạm thời: $("$PG_BIN/postgres" --version) tại cổng $PORT"
"$@"
