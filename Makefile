# The two commands (README.md): `make run` and `make test`. Everything else helps them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ints

.PHONY: run test test-fast test-faults lint fix bench lighthouse check-deploy clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $(STAMP)

node_modules/.stamp: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

run: $(STAMP)
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=true $(PY) manage.py load_demo
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

# `make test`: the whole suite (browser, deploy and ops tests included), serially, on a fresh
# test database; .ci/run calls it. `make test-fast`: everything not marked `slow` (no browser,
# deploy, ops or faults test: see tests/conftest.py), on TEST_WORKERS xdist workers, each on its
# own kept test database (--reuse-db: the next run only migrates what changed; --create-db once
# after switching branches). Ports, database names and Redis keys are per worker
# (tests/support/), so several runs may share the machine.
TEST_WORKERS ?= 2
test: $(STAMP) node_modules/.stamp
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(VENV)/bin/pytest $(PYTEST_ARGS)

test-fast: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(VENV)/bin/pytest -q -m 'not slow and not faults' \
	  -n $(TEST_WORKERS) --reuse-db $(PYTEST_ARGS)

# Faults under load: gunicorn, a killed worker and a PostgreSQL restart (needs root for
# pg_ctlcluster); the Celery worker killed with mail queued and its Redis broker restarted
# (a redis-server of its own). Not part of `make test`: it interrupts every other user.
test-faults: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(VENV)/bin/pytest -m faults tests/faults -s $(PYTEST_ARGS)

# Benchmarks (bench/README.md): a generated catalogue per size of BENCH_SIZES, each in its own
# database, served by gunicorn on production settings (on BENCH_PORT, a free port when unset)
# and loaded by wrk (installed from Debian when missing); writes bench/REPORT.md. Its cache keys
# carry a prefix of the run's own, and only those are ever removed from BENCH_REDIS_URL.
# Quick try: make bench BENCH_SIZES=1000
BENCH_SIZES ?= 1000 10000 100000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ints_bench
BENCH_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/0)
BENCH_PORT ?=
bench: $(STAMP)
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq wrk >/dev/null) || echo "wrk unavailable: throughput skipped"
	BENCH_SIZES="$(BENCH_SIZES)" BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" \
	BENCH_REDIS_URL="$(BENCH_REDIS_URL)" BENCH_PORT="$(BENCH_PORT)" $(PY) -m bench.run

# Lighthouse scores of four page types (bench/LIGHTHOUSE.md), with Debian's Chromium.
lighthouse: $(STAMP)
	cd bench/lighthouse && npm install --no-audit --no-fund --loglevel=error
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) bench/lighthouse/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fix: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: $(STAMP)
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(64))') \
	DJANGO_ALLOWED_HOSTS=ints.example.gouv.fr INTS_SITE_URL=https://ints.example.gouv.fr \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles
