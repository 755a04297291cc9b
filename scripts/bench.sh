#!/usr/bin/env bash
# npm run bench: runs every bench/*.bench.ts with tsx and prints its figures (nothing is asserted).
# Does its own setup on a fresh machine: npm ci (scripts/setup.sh) and Debian's chromium, which the
# timeline bench drives headless.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/lib/debian.sh
ensure_debian_packages chromium:chromium
# The timeline bench loads the built webview (dist/webview.js): build from the sources first.
npm run --silent build
for bench in bench/*.bench.ts; do
  echo "== ${bench}"
  node --import tsx "$bench"
done
