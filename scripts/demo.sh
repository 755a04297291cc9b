#!/usr/bin/env bash
# npm run demo: the main job on the embedded sandbox, from a fresh clone.
# Installs, builds, starts the sandbox with the seed data, prints the subscriptions with their
# counts and the learner journeys, writes the timeline page, then stops the sandbox.
# `npm run demo -- --vscode` instead serves the whole extension in VS Code in the browser.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--vscode" ]]; then
  exec bash scripts/demo-vscode.sh
fi

bash scripts/setup.sh
npm run --silent build

out=demo-output
mkdir -p "$out"
log=$(mktemp)
node dist/cli.js sandbox >"$log" 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; rm -f "$log"' EXIT

# Wait for the sandbox to print its connection string (its own line, starting with Endpoint=).
connection=""
for _ in $(seq 1 100); do
  connection=$(grep -m1 '^Endpoint=' "$log" || true)
  [[ -n "$connection" ]] && break
  if ! kill -0 "$sandbox_pid" 2>/dev/null; then
    cat "$log" >&2
    echo "The sandbox stopped before it was ready." >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$connection" ]]; then
  echo "The sandbox did not print its connection string within 10 seconds." >&2
  exit 1
fi

echo "== Sandbox running (a development broker, not a production one)"
echo
echo "== Subscriptions of CTEvents"
node dist/cli.js subscriptions --connection-string "$connection"
echo
echo "== Learner journeys (subscription alpha)"
node dist/cli.js timeline --connection-string "$connection" --subscription alpha
node dist/cli.js timeline --connection-string "$connection" --subscription alpha --html "$out/timeline.html" >/dev/null
echo
echo "== Timeline page written to $out/timeline.html"
