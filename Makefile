PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: test migrations

$(BIN)/steward: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

test: $(BIN)/steward
	$(BIN)/pytest

migrations: $(BIN)/steward
	$(BIN)/python scripts/regenerate_migrations.py sqlite
	$(BIN)/python scripts/regenerate_migrations.py postgres

.PHONY: schema
schema: $(BIN)/steward
	$(BIN)/python scripts/export_schema.py
