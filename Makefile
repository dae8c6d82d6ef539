# The newcomer's front door: `make run`, then `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SAMPLE_DIR := data/sample
SAMPLE_ORDERS ?= 3000
SEED ?= 42

export WAREHOUSE_DUCKDB_PATH ?= data/warehouse.duckdb
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: run test lint pytest docs clean

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

## run: the whole pipeline on DuckDB with offline sample data
run: $(BIN)/.installed
	$(BIN)/warehouse olist generate --out $(SAMPLE_DIR)/olist --orders $(SAMPLE_ORDERS) --seed $(SEED)
	$(BIN)/warehouse extract olist --from $(SAMPLE_DIR)/olist --target duckdb
	$(BIN)/dbt build --target duckdb
	$(BIN)/dbt docs generate --target duckdb
	$(BIN)/warehouse summary --target duckdb

## test: linters, then the whole test suite (starts its own Postgres)
test: lint pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	mkdir -p target
	WAREHOUSE_DUCKDB_PATH=target/lint.duckdb $(BIN)/sqlfluff lint models macros snapshots tests analyses

pytest: $(BIN)/.installed
	$(BIN)/pytest

## docs: serve the dbt docs site on 127.0.0.1:8080
docs: $(BIN)/.installed
	$(BIN)/dbt docs serve --host 127.0.0.1 --port 8080 --no-browser

clean:
	rm -rf data target logs dbt_packages
