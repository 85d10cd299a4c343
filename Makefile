# The two commands in the README: `make serve` and `make test`. Each sets up what it
# needs first (idempotent), so both work on a fresh machine.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup chromium nginx test lint test-python test-pyodide site serve bench bench-browser

setup: $(VENV)/.installed node_modules/.installed

# Debian's Chromium for the real-browser tests (Playwright drives it; it never downloads a browser).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Debian's nginx for tests/browser/test_nginx.py, which starts its own on a free port with
# the README's configuration (the test skips if nginx cannot be installed). Debian's
# package would start a default site on port 80 where an init system runs: stop it.
nginx:
	@test -x /usr/sbin/nginx || command -v nginx >/dev/null || { \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; } \
	    || echo "nginx could not be installed: tests/browser/test_nginx.py will be skipped"; \
	  if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then \
	    systemctl disable --now nginx >/dev/null 2>&1 || true; fi; }

$(VENV)/.installed: requirements-dev.txt calculator/pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -e ./calculator
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: setup chromium nginx lint test-python test-pyodide

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
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

# The calculator's load in Chromium beside plain Pyodide (prints figures, asserts nothing).
bench-browser: setup chromium
	$(PY) tests/benchmarks/bench_browser.py
