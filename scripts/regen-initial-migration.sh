#!/usr/bin/env bash
# Pre-release only: rebuild migrations/versions/0001_initial from the models (no deployed
# database exists yet). Hand-written revisions after it (0002_sql_extras, ...) are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
mkdir -p "$tmp/keep"
mv migrations/versions/0002_*.py "$tmp/keep/"
rm -f migrations/versions/0001_initial*.py
INSTANCE_PATH="$tmp/inst" SECRET_KEY=x DATABASE_URL="sqlite:///$tmp/empty.db" \
  .venv/bin/flask --app app db migrate -m "initial schema" --rev-id 0001_initial
mv "$tmp/keep/"*.py migrations/versions/
rm -rf "$tmp"
