# qgpt-lsp: `make demo` and `make test` work on a fresh machine with only python3.
# Everything installed comes from uv.lock (hashes checked), as prebuilt wheels: no
# compiler runs. uv itself is installed by pip from requirements/uv.txt, hashes
# checked too, into .tools/ (see "Dependencies" in the README).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TOOLS ?= .tools
UV := $(TOOLS)/bin/uv
STAMP := $(VENV)/.installed
DEMO_QUESTION ?= How does httpx decide whether to follow a redirect?

# uv uses this machine's Python and never downloads one; the venv is $(VENV).
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
UV_SYNC := $(UV) sync --locked --python $(PYTHON)

.PHONY: test demo install lint typecheck pytest editors bench clean lock check-latest dist

$(UV): requirements/uv.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements/uv.txt
	touch $(UV)

# The runtime, both extras (local model, semantic stage) and the dev group (tests,
# ruff, mypy): exactly the lock, and nothing else in the venv.
$(STAMP): $(UV) uv.lock pyproject.toml
	$(UV_SYNC) --all-extras
	@$(BIN)/python -c 'import importlib.metadata as m; print("installed from uv.lock:", ", ".join(f"{n} {m.version(n)}" for n in ("pygls", "lsprotocol", "pydantic", "httpx", "websockets", "tantivy", "tree-sitter", "xllamacpp", "openai")))'
	touch $(STAMP)

install: $(STAMP)

# Re-resolve after a change to pyproject.toml's dependencies (pins stay where they can).
# Also exports the runtime pins that `pipx install` / `uv tool install` take as constraints.
# Bump one package: `$(UV) lock --upgrade-package NAME`, `make lock`, then `make test`.
lock: $(UV)
	$(UV) lock --python $(PYTHON)
	$(UV) export --frozen --quiet --no-default-groups --all-extras --no-emit-project --no-hashes --no-header \
		--no-annotate --format requirements.txt -o requirements/runtime.txt

# The newest releases pyproject allows, in a throwaway venv, through the test suite.
check-latest: $(UV)
	UV=$(UV) PYTHON=$(PYTHON) bash tools/check-latest.sh

# The wheel and sdist, in dist/.
dist: $(UV)
	$(UV) build --python $(PYTHON) --out-dir dist

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest --ignore=tests/editors

editors: $(STAMP)
	bash editors/run-tests.sh

test: lint typecheck pytest editors

# Index a real code base nobody here wrote (the installed httpx) and ask it a
# question with the best answerer available (an OpenAI-compatible server when one
# is configured or running on the usual local ports, else the grounded answer).
demo: $(STAMP)
	$(BIN)/qgpt-lsp doctor
	$(BIN)/qgpt-lsp index "$$($(BIN)/python -c 'import httpx, os; print(os.path.dirname(httpx.__file__))')"
	$(BIN)/qgpt-lsp ask --root "$$($(BIN)/python -c 'import httpx, os; print(os.path.dirname(httpx.__file__))')" "$(DEMO_QUESTION)"

bench: $(STAMP)
	$(BIN)/python bench/retrieval/run.py
	$(BIN)/python bench/answer/run.py
	$(BIN)/python bench/people/run.py
	$(BIN)/python bench/client/run.py
	$(BIN)/python bench/serve/run.py --sockets 50 --rounds 1 --requests 200
	$(BIN)/python bench/lsp/run.py

clean:
	rm -rf $(VENV) $(TOOLS) dist .mypy_cache .ruff_cache .pytest_cache
