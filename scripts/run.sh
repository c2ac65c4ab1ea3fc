#!/usr/bin/env bash
# Start the web server and the background worker together; Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-8000}"
BIN=.venv/bin
"$BIN/ansinh" worker --interval 1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null' EXIT INT TERM
echo
echo "An Sinh đang chạy: http://127.0.0.1:${PORT}/   (Ctrl+C để dừng)"
echo "Tài khoản demo: xem bảng ở trên (mật khẩu in cùng tên đăng nhập)."
echo
DJANGO_DEBUG="${DJANGO_DEBUG:-0}" "$BIN/ansinh" runserver "127.0.0.1:${PORT}" --noreload --insecure
