# The two promises: `make run` runs the workbench, `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint format install install-dev clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: install  ## the workbench on SQLite and a serverless broker, with the seed article
	$(BIN)/python manage.py serve

test: install-dev  ## the whole suite (DATABASE_URL / REDIS_URL switch to PostgreSQL / Redis)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

screenshots: install-dev  ## refresh docs/screenshots/ from the browser tests
	UPDATE_DOC_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf var/test
