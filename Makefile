# cpmap: `make run` serves the dashboard, `make test` runs every test. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
export BOUNDARIES_DIR ?= $(abspath ../shared/geo-sources)

.PHONY: run test setup setup-test browser test-assets prepare lint format bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test browser test-assets

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# axe-core from npm for the accessibility audit in the browser tests, into git-ignored build/.
test-assets:
	./scripts/test_assets.sh

# Leaflet from npm and simplified geometry from BOUNDARIES_DIR, both into git-ignored static/.
prepare: setup
	./scripts/vendor_assets.sh
	$(BIN)/cpmap prepare

run: prepare
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup-test prepare lint
	$(BIN)/cpmap validate data/*.csv
	$(BIN)/python -m pytest

bench: setup-test prepare
	$(BIN)/python -m bench.run

load: setup-test prepare
	$(BIN)/python -m bench.load

clean:
	rm -rf static/cache build .pytest_cache .ruff_cache
