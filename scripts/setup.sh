#!/usr/bin/env bash
# Installs the project's npm dependencies when they are missing or stale (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.ct-events-lock
if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
