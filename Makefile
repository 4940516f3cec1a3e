# Hallway: `make demo` runs the product, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export HALLWAY_DATA_DIR ?= $(CURDIR)/var
# Empty: the server on 127.0.0.1:5432 if one answers, else a throw-away embedded PostgreSQL.
PG_URL ?=
PG_DATABASE ?= hallway
# Three workers on two cores: many tests wait on processes, servers and mail, not the CPU.
PYTEST_WORKERS ?= 3

.PHONY: setup demo serve test lint typecheck test-sqlite test-postgres test-browser bench messages clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Hallway needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: setup
	$(BIN)/hallway migrate --noinput
	$(BIN)/hallway demo
	$(BIN)/hallway serve --with-worker

serve: setup
	$(BIN)/hallway serve --with-worker

test: setup lint typecheck test-sqlite test-postgres test-browser

lint: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

test-sqlite: setup
	HALLWAY_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" -q

test-postgres: setup
	HALLWAY_DATA_DIR=$(CURDIR)/var/test $(BIN)/python tests/postgres_for_tests.py --url "$(PG_URL)" --database $(PG_DATABASE) -- \
		$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser" -q

test-browser: setup
	HALLWAY_DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest -m browser -q

bench: setup
	@for b in bench/[!_]*.py; do [ -e "$$b" ] || continue; echo "== $$b"; $(BIN)/python $$b || exit 1; done

messages: setup
	cd src/hallway && ../../$(BIN)/hallway makemessages -l de -l nl --no-obsolete --add-location file --ignore "migrations/*"
	cd src/hallway && ../../$(BIN)/hallway compilemessages

clean:
	rm -rf $(VENV) var
