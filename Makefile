# Наставник: `make run` starts the system on SQLite with demo data, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format messages bench clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@HOST=$(HOST) PORT=$(PORT) bash scripts/run.sh

test: $(STAMP)
	@bash scripts/test.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the translation catalogues (needs GNU gettext: apt-get install gettext).
messages: $(STAMP)
	cd nastavnik && DEBUG=1 ../$(BIN)/python ../manage.py makemessages -l en --no-obsolete
	cd nastavnik && DEBUG=1 ../$(BIN)/python ../manage.py compilemessages

bench: $(STAMP)
	@for f in bench/bench_*.py; do echo "== $$f"; DEBUG=1 $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) var/*.sqlite3* var/test-results
