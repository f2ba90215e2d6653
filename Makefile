# The two commands (README.md): `make run` and `make test`. Everything else helps them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ints

.PHONY: run test lint fix bench check-deploy clean

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

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fix: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: $(STAMP)
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(64))') \
	DJANGO_ALLOWED_HOSTS=ints.example.gouv.fr $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles
