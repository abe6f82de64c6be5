# cpmap: `make run` serves the dashboard, `make test` runs every test. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
export BOUNDARIES_DIR ?= $(abspath ../shared/geo-sources)

.PHONY: run test setup setup-test browser prepare lint format bench load mutate clean

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

setup-test: $(VENV)/.installed-test browser

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

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
	$(BIN)/python -m pytest -p randomly

bench: setup-test prepare
	$(BIN)/python -m bench.run

load: setup-test prepare
	$(BIN)/python -m bench.load

# Mutation testing (mutmut) of cpmap/ and the logic in components/ against the fast tests; see README.
# By default a fixed tenth of the mutants (those numbered 7, 17, 27, ... in each function); MUTATE_PATTERN='*'
# checks every one of them, which takes hours on 2 shared cores.
MUTATE_PATTERN ?= *__mutmut_*7
mutate: setup-test prepare
	rm -rf mutants
	$(BIN)/mutmut run --max-children $${MUTATE_JOBS:-2} '$(MUTATE_PATTERN)' > mutation/last-run.log 2>&1 || { tail -40 mutation/last-run.log; exit 1; }
	$(BIN)/python -m mutation.report '$(MUTATE_PATTERN)'

clean:
	rm -rf static/cache build .pytest_cache .ruff_cache mutants
