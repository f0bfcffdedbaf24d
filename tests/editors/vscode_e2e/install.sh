#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, with no compiler and no download
# outside the registries:
# - Debian's chromium (Playwright drives it; `playwright install` is never run) and
#   ripgrep (code-server's @vscode/ripgrep would download rg from the internet);
# - code-server 4.100.3 (the last release on Node 20) and playwright-core from this
#   folder's package-lock.json, then VS Code's own dependencies from code-server's
#   npm-shrinkwrap.json, all with --ignore-scripts (code-server's postinstall would
#   build native modules with node-gyp and download ripgrep). argon2 is pinned by
#   `overrides` to a release that ships prebuilt binaries; @parcel/watcher ships
#   its own. The native modules left unbuilt (node-pty, native-watchdog, kerberos)
#   are for terminals, a hang watchdog and proxy auth: the test uses none of them.
#   @vscode/spdlog (VS Code's log files, output channels among them: the test reads
#   the QGPT channel's) is replaced by spdlog.js, the same API in JavaScript.
# Idempotent: a stamp keyed on the lock files skips work already done.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
NPM=(npm --no-audit --no-fund --loglevel=error)

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
chromium --version 2>/dev/null
rg --version | sed -n 1p

VSCODE="$HERE/node_modules/code-server/lib/vscode"
STAMP="$HERE/node_modules/.qgpt-installed"
KEY="$(cat package-lock.json | sha256sum | cut -c1-16)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$KEY" ]; then
  "${NPM[@]}" ci --ignore-scripts
  # What code-server's postinstall.sh does, less the native builds and the rg download.
  (cd "$VSCODE" && "${NPM[@]}" install --omit=dev --ignore-scripts)
  (cd "$VSCODE/extensions" && "${NPM[@]}" install --omit=dev --ignore-scripts)
  ln -sfn node_modules "$VSCODE/node_modules.asar"
  echo "$KEY" >"$STAMP"
fi
mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
ln -sf "$(command -v rg)" "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
cp "$HERE/spdlog.js" "$VSCODE/node_modules/@vscode/spdlog/index.js"
echo "code-server $(node -p 'require("./node_modules/code-server/package.json").version')," \
  "playwright-core $(node -p 'require("./node_modules/playwright-core/package.json").version')"
