# cpmap: `make run` serves the dashboard, `make test` runs every test. Both set themselves up.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# What a user may set (`make run PORT=8080`), each documented in the README's "Settings" (tests/test_settings.py).
# The Python that makes .venv
PYTHON ?= python3.11
# make run: the app's port; make serve: nginx's port, the app processes on the ones after it
PORT ?= 8501
# make serve: this many app processes on the ports after PORT, nginx on PORT
REPLICAS ?= 2
# make load: a running address to load (default: a server of its own) and how many sessions at once
TARGET ?=
SESSIONS ?= 20

# `make test-fast`: the suite without the browser tests (every test that drives Chromium is marked `browser`).
.PHONY: run serve test test-fast setup setup-test browser nginx test-assets vendor prepare lint format bench load memory mutate clean

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

setup-test: $(VENV)/.installed-test browser test-assets nginx

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's nginx for `make serve` and its test. It runs as our own foreground process with its own prefix; on a
# systemd host the package also starts a system nginx on port 80, which make serve does not use.
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  echo "Installing Debian's nginx for make serve"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null; }

# axe-core from npm for the accessibility audit in the browser tests, into git-ignored build/.
test-assets:
	./scripts/test_assets.sh

# Leaflet from the npm registry into git-ignored static/vendor, so the map needs no CDN.
vendor:
	./scripts/vendor_assets.sh

# Remake the committed layers in geo/2016 from the ONS originals (BOUNDARIES_DIR: see cpmap/settings.py).
# Not needed to run or test: the app draws the committed layers.
prepare: setup
	$(BIN)/cpmap prepare

run: setup vendor
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

# REPLICAS app processes behind nginx on PORT, in the foreground; Ctrl-C stops them all.
serve: prepare nginx
	$(BIN)/python -m serve --port $(PORT) --replicas $(REPLICAS)

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup-test vendor lint
	$(BIN)/cpmap validate data/*.csv
	$(BIN)/cpmap package --check
	$(BIN)/frictionless validate --trusted data/datapackage.json > /dev/null || $(BIN)/frictionless validate --trusted data/datapackage.json
	@if [ -f ../shared/reports/index.csv ]; then $(BIN)/cpmap check-reports --texts ../shared/reports; \
	else echo "../shared/reports not found: citations not checked against the reports' text"; fi
	$(BIN)/python -m pytest -p randomly

test-fast: setup-test vendor lint
	$(BIN)/cpmap validate data/*.csv
	$(BIN)/python -m pytest -p randomly -m "not browser"

bench: setup-test vendor
	$(BIN)/python -m bench.run

load: setup-test vendor
	$(BIN)/python -m bench.load --sessions $(SESSIONS) $(if $(TARGET),--target $(TARGET))

memory: setup-test vendor
	$(BIN)/python -m bench.memory

# Mutation testing (mutmut) of cpmap/ and the logic in components/ against the fast tests; see README.
# By default a fixed tenth of the mutants (those numbered 7, 17, 27, ... in each function); MUTATE_PATTERN='*'
# checks every one of them, which takes hours on 2 shared cores. MUTATE_JOBS mutants are checked at once.
MUTATE_PATTERN ?= *__mutmut_*7
MUTATE_JOBS ?= 2
mutate: setup-test
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATE_JOBS) '$(MUTATE_PATTERN)' > mutation/last-run.log 2>&1 || { tail -40 mutation/last-run.log; exit 1; }
	$(BIN)/python -m mutation.report '$(MUTATE_PATTERN)'

clean:
	rm -rf static/cache build .pytest_cache .ruff_cache mutants
