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
if [[ "$fast" == false ]]; then
  npm run --silent test:e2e
fi
