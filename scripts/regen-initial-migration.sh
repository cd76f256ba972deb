#!/usr/bin/env bash
# Pre-release only: rebuild migrations/versions/0001_initial from the models (no deployed
# database exists yet). Hand-written revisions after it (0002_sql_extras, ...) are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
mkdir -p "$tmp/old" "$tmp/keep"
mv migrations/versions/0001_initial*.py "$tmp/old/"
mv migrations/versions/0[0-9][0-9][0-9]_*.py "$tmp/keep/" 2>/dev/null || true
restore() { mv "$tmp/keep/"*.py migrations/versions/ 2>/dev/null || true; }
trap 'echo "failed: old migration restored"; mv "$tmp/old/"*.py migrations/versions/; restore' ERR
INSTANCE_PATH="$tmp/inst" SECRET_KEY=x DATABASE_URL="sqlite:///$tmp/empty.db" \
  .venv/bin/flask --app app db migrate -m "initial schema" --rev-id 0001_initial
restore
rm -rf "$tmp"
