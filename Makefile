# The two commands (README.md): `make run` and `make test`. Everything else helps them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ints

.PHONY: run test test-faults lint fix bench lighthouse check-deploy clean

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

test: $(STAMP) node_modules/.stamp
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(VENV)/bin/pytest $(PYTEST_ARGS)

# Faults under load: gunicorn, a killed worker and a PostgreSQL restart (needs root for
# pg_ctlcluster); the Celery worker killed with mail queued and its Redis broker restarted
# (a redis-server of its own). Not part of `make test`: it interrupts every other user.
test-faults: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(VENV)/bin/pytest -m faults tests/faults -s $(PYTEST_ARGS)

# Benchmarks (bench/README.md): a generated catalogue per size of BENCH_SIZES, each in its own
# database, served by gunicorn on production settings and loaded by wrk (installed from Debian
# when missing); writes bench/REPORT.md. Quick try: make bench BENCH_SIZES=1000
BENCH_SIZES ?= 1000 10000 100000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ints_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/2
bench: $(STAMP)
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq wrk >/dev/null) || echo "wrk unavailable: throughput skipped"
	BENCH_SIZES="$(BENCH_SIZES)" BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" \
	BENCH_REDIS_URL="$(BENCH_REDIS_URL)" $(PY) -m bench.run

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
