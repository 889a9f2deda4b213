#!/usr/bin/env bash
# One-time set-up on a fresh machine (Debian, Node 20, npm, root): pnpm, dependencies, build.
# Idempotent and quiet when everything is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."
want=12.4.2
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$want" ]; then
  echo "bootstrap: installing pnpm@$want"
  npm install -g "pnpm@$want" --no-fund --no-audit >/dev/null
fi
if [ -f pnpm-lock.yaml ]; then
  pnpm install --frozen-lockfile --reporter=append-only >/dev/null
else
  pnpm install --reporter=append-only >/dev/null
fi
pnpm exec turbo run build --output-logs=errors-only
# OpenLDAP for the LDAP user store tests.
bash scripts/install-slapd.sh
