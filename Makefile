# The two commands a user needs: `make demo` (refresh the demo corpus into warehouse/rekap.duckdb) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Prefect runs against a temporary local server unless PREFECT_API_URL points at a real one.
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 180
export DO_NOT_TRACK ?= 1

.PHONY: demo test install docs clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/rekap refresh

test: $(STAMP)
	$(BIN)/pytest

docs: $(STAMP)
	$(BIN)/rekap docs

clean:
	rm -rf warehouse/*.duckdb warehouse/.build warehouse/state warehouse/report .prefect dbt_project/target dbt_project/logs
