#!/usr/bin/env bash
# Installs what the build and the unit/integration tests need: openssl (the sandbox's TLS test
# certificates) from Debian when missing, and the npm dependencies when missing or stale (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/debian.sh
ensure_debian_packages openssl:openssl
stamp=node_modules/.ct-events-lock
if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
