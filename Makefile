# Trajectwijzer — the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo serves the command line's default database (var/trajectwijzer.sqlite3), so
# the README's `trajectwijzer …` commands see the demo's data; never DATABASE_URL, which
# may name a real database: DEMO_DATABASE_URL chooses another one for the demo.
DEMO_ENV := DEBUG=1 DATABASE_URL=$${DEMO_DATABASE_URL:-sqlite:///$${TRAJECTWIJZER_VAR:-$(CURDIR)/var}/trajectwijzer.sqlite3}

.PHONY: demo serve test lint format bench messages install clean

$(STAMP): pyproject.toml
	@mkdir -p var
	@test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Compile translation catalogues (.po -> .mo) with our pure-Python compiler, so no
# system gettext is needed.
messages: $(STAMP)
	$(PY) -m trajectwijzer.i18n_compile

# The demo's task worker (e-mails and the PDFs they carry) runs beside gunicorn. A
# background job ignores Ctrl+C inside a recipe, so the trap stops it with gunicorn.
demo: messages
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Trajectwijzer demo: http://$(HOST):$(PORT)/ (Ctrl+C stops it and its task worker)"
	$(DEMO_ENV) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(DEMO_ENV) $(VENV)/bin/gunicorn trajectwijzer.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

bench: messages
	$(PY) bench/run.py
	$(PY) bench/incentives.py
	$(PY) bench/instruments.py

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
