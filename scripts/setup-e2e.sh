#!/usr/bin/env bash
# Prepares what the end-to-end tests need, once: Debian's Chromium, ripgrep and the Kerberos headers
# (for code-server's native modules), and code-server 4.100.3 (VS Code 1.100) in .cache/code-server.
# A plain `npm install code-server` fails here (its postinstall downloads ripgrep), so this follows the
# steps in the architecture notes: install without scripts, then rebuild the native modules by hand.
# Idempotent: a stamp file makes a second run return at once.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/debian.sh

CODE_SERVER_VERSION=4.100.3
cache_dir=.cache/code-server
stamp="$cache_dir/.installed-$CODE_SERVER_VERSION"

install_code_server() {
  echo "setup-e2e: installing code-server@$CODE_SERVER_VERSION into $cache_dir"
  rm -rf "$cache_dir"
  mkdir -p "$cache_dir"
  (
    cd "$cache_dir"
    # A private package.json keeps npm from walking up into the project's own manifest.
    echo '{"name":"ct-events-e2e-code-server","private":true}' > package.json
    npm install --no-audit --no-fund --loglevel=error --ignore-scripts "code-server@$CODE_SERVER_VERSION"

    cd node_modules/code-server/lib/vscode
    npm install --no-audit --no-fund --loglevel=error --omit=dev --ignore-scripts
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    npm_config_yes=true npm rebuild --loglevel=error kerberos @vscode/spdlog node-pty native-watchdog @vscode/deviceid
    ln -sfn node_modules node_modules.asar
    (cd extensions && npm install --no-audit --no-fund --loglevel=error --omit=dev >/dev/null)
  )
  # argon2 is hoisted next to code-server, so it is rebuilt from the install root.
  (cd "$cache_dir" && npm rebuild --loglevel=error argon2)
  touch "$stamp"
}

ensure_debian_packages chromium:chromium ripgrep:rg libkrb5-dev
[[ -f "$stamp" ]] || install_code_server
echo "setup-e2e: ready (code-server $CODE_SERVER_VERSION, $(chromium --version 2>/dev/null | head -1))"
