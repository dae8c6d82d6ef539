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
## (Meltano's `elt` job: generate + load the three sources, dbt build, docs)
run: $(BIN)/.installed
	OLIST_SAMPLE_DIR=$(SAMPLE_DIR)/olist OLIST_SAMPLE_ORDERS=$(SAMPLE_ORDERS) \
		OLIST_SAMPLE_SEED=$(SEED) WAREHOUSE_TARGET=duckdb $(BIN)/meltano run elt
	$(BIN)/warehouse report --target duckdb --out data/report.html
	$(BIN)/warehouse summary --target duckdb

## test: linters, then the whole test suite (starts its own Postgres)
test: lint pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	mkdir -p target
	WAREHOUSE_DUCKDB_PATH=target/lint.duckdb $(BIN)/sqlfluff lint models snapshots tests

pytest: $(BIN)/.installed
	$(BIN)/pytest

## docs: serve the dbt docs site on 127.0.0.1:8081 (8080 is Trino's)
docs: $(BIN)/.installed
	$(BIN)/dbt docs serve --host 127.0.0.1 --port 8081 --no-browser

## trino: Postgres (127.0.0.1:54329) + Trino 476 (127.0.0.1:8080) with the offline
## sample loaded, for `dbt build --target trino`; `make trino-down` stops both
.PHONY: trino trino-down
trino: $(BIN)/.installed
	$(BIN)/warehouse trino up

trino-down: $(BIN)/.installed
	$(BIN)/warehouse trino down

clean:
	rm -rf data target logs dbt_packages .meltano/meltano.db
