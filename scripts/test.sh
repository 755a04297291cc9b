#!/usr/bin/env bash
# The one test command (npm test, called by .ci/run). Does its own setup on a fresh machine:
# npm ci, the build, then unit, integration and (unless --fast) end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

fast=false
[[ "${1:-}" == "--fast" ]] && fast=true

bash scripts/setup.sh
npm run --silent build
npm run --silent typecheck
npm run --silent lint
npm run --silent test:unit
npm run --silent test:integration
# Headless Chromium for the browser tests (setup-e2e.sh installs Debian's chromium when missing).
command -v chromium >/dev/null 2>&1 || bash scripts/setup-e2e.sh
npm run --silent test:browser
if [[ "$fast" == false ]]; then
  npm run --silent test:e2e
fi
