#!/usr/bin/env bash
# Start web + RQ worker + rq cron (and the embedded Redis when REDIS_URL is unset). Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
export PORT="${PORT:-5000}"
# honcho gives each process its own PORT; every process builds mail links from the web's address.
export BASE_URL="${BASE_URL:-http://127.0.0.1:${PORT}}"
export FLASK_APP=app
if [ -z "${REDIS_URL:-}" ]; then
  REDIS_URL="$("$VENV/bin/python" -m mentorship.embedded_redis start)"
  export REDIS_URL
  trap '"$VENV/bin/python" -m mentorship.embedded_redis stop' EXIT
  echo "Embedded Redis at $REDIS_URL"
fi
# Seed after Redis is up, so the demo's mails are queued at once (idempotent).
"$VENV/bin/flask" --app app seed-demo
echo
echo "  Mentorship is starting at http://127.0.0.1:${PORT}  (Ctrl-C stops web, worker and cron)"
echo
"$VENV/bin/honcho" -f Procfile start
