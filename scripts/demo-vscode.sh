#!/usr/bin/env bash
# npm run demo:vscode (also npm run demo -- --vscode): the whole extension in VS Code in the
# browser, without Azure. Installs what it needs once (npm ci, code-server, Chromium's packages),
# packages the .vsix, serves code-server on 127.0.0.1 with the extension installed, prints the URL
# and runs until Ctrl-C. Set CT_EVENTS_DEMO_PORT to choose the port (default: a free one).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/setup-e2e.sh
npm run --silent package >/dev/null
exec node --import tsx scripts/demo-vscode.ts
