"""The portal in a subprocess (gunicorn, manage.py) on production settings, for the tests that
run it as deployed: a database of its own on DATABASE_URL's server, and the environment.

    with own_database("faults") as url:
        env = production_env(database_url=url, INTS_APPLICATION_RATE_LIMIT="4")
"""

import contextlib
import os
import secrets
import time

import psycopg
import requests
from psycopg import sql

from tests.support.names import database_url, unique_database_name


def _admin(statement, name):
    with psycopg.connect(database_url("postgres"), autocommit=True) as connection:
        connection.execute(sql.SQL(statement).format(sql.Identifier(name)))


def create_database(purpose):
    """A new empty database (its name from tests/support/names.py); returns the name."""
    name = unique_database_name(purpose)
    _admin("CREATE DATABASE {}", name)
    return name


def drop_database(name):
    _admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


@contextlib.contextmanager
def own_database(purpose):
    """A database for the duration of the block, dropped afterwards (even if connected to);
    yields its URL."""
    name = create_database(purpose)
    try:
        yield database_url(name)
    finally:
        drop_database(name)


def wait_until_healthy(base, *, timeout=30):
    """Poll `base`/sante/ until it answers 200 (gunicorn's workers booting); False if it never
    did within `timeout` seconds (the test's own requests then say why)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/sante/", timeout=5).status_code == 200:
                return True
        except requests.RequestException:
            time.sleep(0.2)
    return False


def production_env(*, database_url, **extra):
    """os.environ without this run's DJANGO_/INTS_/PYTEST_ variables, plus production settings
    served over plain HTTP on loopback (no TLS proxy in front), on `database_url`; `extra`
    last."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "INTS_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ints_portal.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        INTS_SITE_URL="https://ints.example.gouv.fr",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
    )
    env.update(extra)
    return env
