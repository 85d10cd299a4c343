# The two commands in the README: `make serve` and `make test`. Each sets up what it
# needs first (idempotent), so both work on a fresh machine.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup chromium test lint test-python test-pyodide site serve bench

setup: $(VENV)/.installed node_modules/.installed

# Debian's Chromium for the real-browser tests (Playwright drives it; it never downloads a browser).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

$(VENV)/.installed: requirements-dev.txt calculator/pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -e ./calculator
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: setup chromium lint test-python test-pyodide

lint:
	$(PY) -m ruff check .
	$(PY) -m mypy

test-python:
	$(PY) -m pytest

# The calculator's own tests again, inside real Pyodide (the browser's Python) under Node.
test-pyodide:
	bash tests/pyodide/prepare.sh
	node tests/pyodide/run_tests.mjs

site: setup
	$(PY) -m mkdocs build --strict --quiet

# Builds, serves, and rebuilds when a case, a guide or the build code changes.
serve: setup
	@echo "Serving the site at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:$(PORT)

bench: setup
	$(PY) tests/benchmarks/bench_frontier.py
	bash tests/pyodide/prepare.sh
	node tests/benchmarks/bench_pyodide.mjs
