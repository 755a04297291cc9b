#!/usr/bin/env bash
# npm run bench: runs every bench/*.bench.ts with tsx and prints its figures (nothing is asserted).
set -euo pipefail
cd "$(dirname "$0")/.."
for bench in bench/*.bench.ts; do
  echo "== ${bench}"
  node --import tsx "$bench"
done
