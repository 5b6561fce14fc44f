# The portal's entry points. `make run` serves the portal with demo data; `make test` runs the suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE ?= portal.settings.local

.PHONY: run test setup setup-test lint messages bench clean

## Set up everything and serve the portal with demo data at http://127.0.0.1:8000
run:
	./scripts/run

## Set up everything and run the whole test suite (lint included) against PostgreSQL and Redis
test:
	./scripts/test

## Virtual environment, Python and front-end packages, compiled messages
setup:
	./scripts/setup

lint:
	$(VENV)/bin/ruff check .

## Refresh the Korean and English catalogs after changing translatable strings
messages:
	$(PY) manage.py makemessages -l ko -l en --no-obsolete --ignore=node_modules --ignore=.venv --ignore=var --ignore=build
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

## Benchmarks on their own database (yp_bench): print the figures and write docs/benchmarks.md
bench:
	./scripts/setup --test
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles var build db.sqlite3
