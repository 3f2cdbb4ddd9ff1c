# Tandem – the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
TANDEM := $(BIN)/tandem
STAMP := $(VENV)/.installed

.PHONY: run test lint format check-migrations check-translations messages compile-messages \
        test-sqlite test-postgres test-browser bench lock demo worker clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Tandem needs Python 3.11 (found " + sys.version.split()[0] + ")")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

compile-messages: $(STAMP)
	@$(BIN)/pybabel -q compile --domain django --directory tandem/locale

## make run: set up everything and serve Tandem with the demo programme on http://127.0.0.1:8000
run: export DEBUG ?= 1
run: export TANDEM_DEMO ?= 1
run: $(STAMP) compile-messages
	@mkdir -p var
	$(TANDEM) migrate --no-input
	$(TANDEM) createcachetable
	$(TANDEM) demo
	@echo "Starting the task worker, the scheduler and the web server on http://127.0.0.1:8000 (Ctrl+C stops all three)"
	@$(TANDEM) db_worker --interval 1 & worker=$$!; $(TANDEM) scheduler & scheduler=$$!; \
	 trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	 $(TANDEM) runserver 127.0.0.1:8000

## make worker: run only the task worker (production runs it beside the web server)
worker: $(STAMP)
	$(TANDEM) db_worker

demo: $(STAMP)
	$(TANDEM) demo

## make test: every check and test; parts whose service is missing are skipped (required with CI=true)
test: $(STAMP) compile-messages
	@bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: $(STAMP)
	SECRET_KEY=check $(TANDEM) makemigrations --check --dry-run

check-translations: $(STAMP)
	$(BIN)/python scripts/check_translations.py

## make messages: extract new strings into the .po files (needs GNU gettext)
messages: $(STAMP)
	cd tandem && SECRET_KEY=messages ../$(TANDEM) makemessages --no-obsolete --no-location -l nl -l fr -l en

bench: $(STAMP)
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

## make lock: re-resolve the pinned dependencies after changing pyproject.toml
lock: $(STAMP)
	PIP_CONFIG_FILE=/dev/null $(BIN)/pip-compile --quiet --extra dev --generate-hashes \
	  --allow-unsafe --strip-extras -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
