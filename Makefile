# The two commands a user needs: `make demo` (refresh the demo corpus into warehouse/rekap.duckdb) and `make test`.
# `make test-fast` runs lint + the tests that need no full refresh.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Prefect runs against a temporary local server unless PREFECT_API_URL points at a real one.
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 180
export DO_NOT_TRACK ?= 1

# pytest writes bytecode caches (the gitignored __pycache__/ folders) even where PYTHONDONTWRITEBYTECODE is set:
# without them every run, and each of its workers, compiles flows/ and rewrites the tests' asserts again.
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest

.PHONY: demo test test-fast lint install docs clean browser

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/rekap refresh

# The report test renders the HTML report in headless Chromium (Debian's package). Installed here when
# missing and we may (root with apt-get, as on CI); otherwise install it yourself: apt-get install chromium.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; \
	  else echo "note: chromium not found; the report rendering test needs it (apt-get install chromium)"; fi; }

test: $(STAMP) browser lint
	$(PYTEST)

# The tests that need no full refresh (parsers, readers, intake, CLI basics), property tests on fewer examples,
# spread over the machine's cores (pytest-xdist).
test-fast: $(STAMP) lint
	REKAP_FAST_TESTS=1 $(PYTEST) -m "not slow" -n auto

lint: $(STAMP)
	$(BIN)/ruff check flows tests benchmarks
	$(BIN)/ruff format --check flows tests benchmarks
	$(BIN)/mypy

docs: $(STAMP)
	$(BIN)/rekap docs

clean:
	rm -rf warehouse/*.duckdb warehouse/.build warehouse/state warehouse/report .prefect dbt_project/target dbt_project/logs
