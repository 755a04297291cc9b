#!/usr/bin/env bash
# npm run bench: runs every bench/*.bench.ts with tsx and prints its figures (nothing is asserted).
set -euo pipefail
cd "$(dirname "$0")/.."
# The timeline bench loads the built webview (dist/webview.js): build from the sources first.
npm run --silent build
for bench in bench/*.bench.ts; do
  echo "== ${bench}"
  node --import tsx "$bench"
done
