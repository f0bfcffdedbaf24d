#!/usr/bin/env bash
# `make check-latest`: would the newest releases that pyproject.toml allows pass?
#
# Copies the working tree to a throwaway folder, re-locks it with `uv lock --upgrade`,
# installs that into a throwaway venv and runs ruff, mypy and pytest (the editor
# tests need no Python package beyond these). Prints every version that moved and
# every check that broke. Changes nothing here: a bump is `uv lock --upgrade-package
# NAME` (or `make lock` after editing pyproject.toml), then `make test`, then a commit.
set -uo pipefail
cd "$(dirname "$0")/.."
UV=$(realpath "${UV:-.tools/bin/uv}")
PYTHON=${PYTHON:-python3}
export UV_PYTHON_DOWNLOADS=never
work=$(mktemp -d "${TMPDIR:-/tmp}/qgpt-latest.XXXXXX")
trap 'rm -rf "$work"' EXIT

git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work" 2>/dev/null
cd "$work" || exit 2
"$UV" lock --upgrade --python "$PYTHON" --quiet || { echo "check-latest: the newest releases do not resolve"; exit 1; }
"$UV" export --frozen --quiet --no-default-groups --all-extras --no-emit-project --no-hashes \
    --no-header --no-annotate --format requirements.txt -o requirements/runtime.txt
echo "== versions that moved (locked -> newest allowed)"
"$PYTHON" - "$OLDPWD/uv.lock" uv.lock <<'PY'
import sys, tomllib
old, new = ({p["name"]: p["version"] for p in tomllib.load(open(f, "rb"))["package"]} for f in sys.argv[1:])
moved = [f"  {n}: {old.get(n, '-')} -> {new.get(n, '-')}" for n in sorted(old.keys() | new.keys()) if old.get(n) != new.get(n)]
print("\n".join(moved) or "  none: the lock is already the newest")
PY
UV_PROJECT_ENVIRONMENT="$work/.venv" "$UV" sync --locked --all-extras --python "$PYTHON" --quiet || exit 1
broke=()
.venv/bin/ruff check src tests bench tools >ruff.log 2>&1 || broke+=("ruff check (ruff.log)")
.venv/bin/ruff format --check src tests bench tools >>ruff.log 2>&1 || broke+=("ruff format")
.venv/bin/mypy >mypy.log 2>&1 || broke+=("mypy: $(tail -1 mypy.log)")
.venv/bin/python -m pytest --ignore=tests/editors -q -p no:cacheprovider >pytest.log 2>&1 \
    || broke+=("pytest: $(tail -1 pytest.log)")
echo "== what broke"
if [ ${#broke[@]} -eq 0 ]; then
    echo "  nothing: the newest releases pass ruff, mypy and pytest"
    exit 0
fi
printf '  %s\n' "${broke[@]}"
grep -E '^(FAILED|ERROR) ' pytest.log | head -40 | sed 's/^/    /'
grep -E 'error:' mypy.log | head -20 | sed 's/^/    /'
exit 1
