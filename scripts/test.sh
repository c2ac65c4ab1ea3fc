#!/usr/bin/env bash
# The whole suite on SQLite, then on PostgreSQL when one can be had (DATABASE_URL, or server binaries
# installed). REQUIRE_POSTGRES=1 (CI) makes a missing PostgreSQL a failure. Prints which databases ran.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
WORKERS="${TEST_WORKERS:-2}"
PYTEST=("$BIN/pytest" -q -n "$WORKERS" --dist loadfile -p no:cacheprovider "$@")
ran=()
status=0

echo "== Bộ kiểm thử trên SQLite =="
if env -u DATABASE_URL "${PYTEST[@]}"; then
  ran+=("SQLite: đạt")
else
  ran+=("SQLite: LỖI"); status=1
fi

echo "== Bộ kiểm thử trên PostgreSQL =="
bash scripts/with_postgres.sh "${PYTEST[@]}"
pg=$?
if [[ $pg == 0 ]]; then
  ran+=("PostgreSQL: đạt")
elif [[ $pg == 3 ]]; then
  if [[ "${REQUIRE_POSTGRES:-0}" == "1" ]]; then
    ran+=("PostgreSQL: KHÔNG CHẠY ĐƯỢC (bắt buộc)"); status=1
  else
    ran+=("PostgreSQL: bỏ qua (không có máy chủ)")
  fi
else
  ran+=("PostgreSQL: LỖI"); status=1
fi

echo
echo "Cơ sở dữ liệu đã chạy kiểm thử:"
printf '  - %s\n' "${ran[@]}"
exit $status
