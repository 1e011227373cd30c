# lti-qi: the two commands a newcomer needs are `make demo` and `make test`.
# Everything is installed into .venv from this repository's own files.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test lint browsers clean

demo: $(VENV)/.installed-app  ## install lti-qi and start it on SQLite with the sandbox LMS
	$(BIN)/lti-qi demo

test: $(VENV)/.installed-test browsers  ## install test dependencies and run the whole suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test  ## ruff (lint and format), mypy, and the layers (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --follow-imports=silent lti_qi
	$(BIN)/lint-imports

browsers:  ## Debian's Chromium for the browser tests (Playwright cannot download one here)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' for the browser tests"; fi; }

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-app: $(VENV)/bin/python setup.cfg setup.py
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/bin/python setup.cfg setup.py
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed-app

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
