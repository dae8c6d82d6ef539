# The newcomer's front door: `make run`, then `make test`.
#
# Everything the package registries have comes into .venv from requirements.lock
# (Python deps, uv, the JDK, PostgreSQL's server binaries). What only the OS has, a
# browser and Maven, is installed with apt-get or dnf when we are root or have
# passwordless sudo; otherwise make stops before doing any work and says the command.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c

# The first interpreter that is 3.11 or newer; `make run PYTHON=python3.13` overrides.
PYTHON ?= $(shell for p in python3 python3.11 python3.12 python3.13; do \
	command -v $$p >/dev/null 2>&1 \
	&& $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
SAMPLE_DIR := data/sample
SAMPLE_ORDERS ?= 3000
SEED ?= 42
RUN_LOG := logs/make-run.log

export WAREHOUSE_DUCKDB_PATH ?= data/warehouse.duckdb
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
# Selenium Manager (the browser lookup's last resort) sends no usage statistics.
export SE_AVOID_STATS := true

.PHONY: run test lint lint-sql pytest docs clean lock browser maven

$(BIN)/.installed: requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "make: needs Python 3.11 or newer (found none of" \
		"python3, python3.11, python3.12, python3.13); run e.g. make run PYTHON=/path/to/python3.12" >&2; exit 1; }
	@echo "make: creating $(VENV) with $$($(PYTHON) -c 'import sys; print(sys.executable, sys.version.split()[0])')"
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "$$(grep '^uv==' requirements.lock)"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

# $(call os_install,APT_PACKAGES,DNF_PACKAGES): with apt-get or dnf, as root or with
# passwordless sudo; else nothing (the caller's check then prints the commands).
# Homebrew is never run for you: installing casks is the Mac owner's call.
os_install = \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1; then \
		echo "make: installing $(1) with apt-get"; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $(1) >/dev/null; \
	elif command -v dnf >/dev/null 2>&1; then \
		echo "make: installing $(2) with dnf"; \
		$$sudo dnf install -y -q $(2); \
	fi

## browser: Chrome/Chromium and chromedriver for the postings scraper (see
## extract/postings/fetch.py find_browser); explicit settings are never overridden
browser: $(BIN)/.installed
	@if ! $(BIN)/python -m extract.postings.fetch >/dev/null 2>&1 \
		&& [ -z "$${WAREHOUSE_CHROME:-}$${WAREHOUSE_CHROMEDRIVER:-}" ]; then \
		$(call os_install,chromium chromium-driver,chromium chromedriver); fi
	@$(BIN)/python -m extract.postings.fetch >/dev/null || { \
		echo "make: stopped before doing any work: the postings step needs a browser." >&2; exit 1; }

## maven: `mvn`, which assembles the test suite's Trino from Maven Central
maven:
	@command -v mvn >/dev/null 2>&1 || { $(call os_install,maven,maven); }
	@command -v mvn >/dev/null 2>&1 || { \
		echo "make: stopped before doing any work: the Trino tests need Maven (mvn); install it:" >&2; \
		echo "  Debian/Ubuntu: sudo apt-get install maven" >&2; \
		echo "  Fedora:        sudo dnf install maven" >&2; \
		echo "  macOS:         brew install maven" >&2; exit 1; }

## run: the whole pipeline on DuckDB with offline sample data
## (Meltano's `elt` job: generate + load the three sources, dbt build, docs)
run: $(BIN)/.installed browser
	@mkdir -p $(dir $(RUN_LOG))
	OLIST_SAMPLE_DIR=$(SAMPLE_DIR)/olist OLIST_SAMPLE_ORDERS=$(SAMPLE_ORDERS) \
		OLIST_SAMPLE_SEED=$(SEED) WAREHOUSE_TARGET=duckdb $(BIN)/meltano run elt 2>&1 \
		| tee $(RUN_LOG) || { $(BIN)/python -m warehouse.devstack.runsteps elt $(RUN_LOG) >&2; \
		echo "make run: stopped (report and summary not made); full log: $(RUN_LOG)" >&2; exit 1; }
	$(BIN)/warehouse report --target duckdb --out data/report.html
	$(BIN)/warehouse summary --target duckdb

## test: linters, then the whole test suite (starts its own Postgres and Trino)
test: browser maven lint pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory lint-sql
	$(BIN)/lint-imports

# sqlfluff renders with the var lint_incremental (.sqlfluff), so is_incremental()
# is true and the incremental branch is what gets linted, wherever it runs.
lint-sql: $(BIN)/.installed
	mkdir -p target
	WAREHOUSE_DUCKDB_PATH=target/lint.duckdb $(BIN)/sqlfluff lint models snapshots data-tests

# Services are required, not skipped, under `make test` (tests/conftest.py).
pytest: $(BIN)/.installed
	WAREHOUSE_TEST_SERVICES=required $(BIN)/pytest

## lock: re-resolve pyproject.toml and write requirements.lock (README: "Tests and CI")
lock: $(BIN)/.installed
	$(BIN)/uv lock
	$(BIN)/uv export --quiet --frozen --all-groups --no-emit-project --no-hashes \
		--output-file requirements.lock

## docs: serve the dbt docs site on 127.0.0.1:8081 (8080 is Trino's)
docs: $(BIN)/.installed
	$(BIN)/dbt docs serve --host 127.0.0.1 --port 8081 --no-browser

## trino: Postgres (127.0.0.1:54329) + Trino 476 (127.0.0.1:8080) with the offline
## sample loaded, for `dbt build --target trino`; `make trino-down` stops both
.PHONY: trino trino-down
trino: $(BIN)/.installed maven
	$(BIN)/warehouse trino up

trino-down: $(BIN)/.installed
	$(BIN)/warehouse trino down

clean:
	rm -rf data target logs dbt_packages .meltano/meltano.db

## bench: the daily-cost benchmark (benchmarks/daily.py): full build against the
## next day's, DuckDB and Postgres, at BENCH_ORDERS orders (default 1M); one table
.PHONY: bench
BENCH_ORDERS ?= 1000000
bench: $(BIN)/.installed
	$(BIN)/python benchmarks/daily.py --orders $(BENCH_ORDERS)
