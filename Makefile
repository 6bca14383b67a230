PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint migration clean

# The virtualenv, rebuilt when pyproject.toml changes.
$(BIN)/steward: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/steward
	$(BIN)/python -m steward.runner

test: $(BIN)/steward
	$(BIN)/pytest

lint: $(BIN)/steward
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The next migration of each SQL dialect, from the change in the models:
# make migration NAME=what_it_does
migration: $(BIN)/steward
	$(BIN)/python scripts/make_migration.py $(NAME)

# Removes the virtualenv and caches; the data folder (database, secret key) stays.
clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: schema
schema: $(BIN)/steward
	$(BIN)/python scripts/export_schema.py

.PHONY: bench
# The benchmarks, on SQLite and on PostgreSQL; writes the results to BENCHMARKS.md.
bench: $(BIN)/steward
	$(BIN)/python -m bench.run
