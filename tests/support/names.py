"""Every database name, Redis database and key prefix a test uses, derived from the environment
(DATABASE_URL, REDIS_URL) and from the xdist worker, never written in a test.

Several suites run on one machine at once (developers, helpers, CI) and each may run on several
xdist workers: a name of one run must not be the name of another. A test that needs a Redis
database to flush starts a redis-server of its own (tests/support/redis.py); on the shared Redis
it only ever removes the keys under its own `key_prefix()`.

    database_url(unique_database_name("deploy"))  # postgres://…/ints_h21t_deploy_gw0_4242_1a2b3c
    redis_url()                                    # the shared Redis of REDIS_URL, as given
"""

import os
import secrets
from urllib.parse import urlsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ints"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def worker_id():
    """The xdist worker running this process (`gw0`, `gw1`…), `main` without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def run_tag():
    """What tells this process's resources from every other run's: worker and process id."""
    return f"{worker_id()}_{os.getpid()}"


def server_url():
    """DATABASE_URL as given (the server and the developer's database)."""
    return os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)


def database_url(name):
    """DATABASE_URL's server with the database `name`."""
    return urlsplit(server_url())._replace(path=f"/{name}").geturl()


def base_database_name():
    return urlsplit(server_url()).path.lstrip("/") or "ints"


def unique_database_name(purpose):
    """A database name for a test's own database (`ints_h21t_deploy_gw0_4242_1a2b3c`): the
    developer's database name, the purpose, the worker, the process and a random tail."""
    return f"{base_database_name()}_{purpose}_{run_tag()}_{secrets.token_hex(3)}"


def redis_url():
    """The shared Redis (REDIS_URL, else the local default): host, port and database number
    all come from it. Tests read and ping it and remove only their own keys."""
    return os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL


def redis_address():
    """(host, port) of the shared Redis."""
    parts = urlsplit(redis_url())
    return parts.hostname or "127.0.0.1", parts.port or 6379


def key_prefix(purpose="test"):
    """A prefix for the keys a test writes on the shared Redis (`ints-test:gw0_4242:`)."""
    return f"ints-{purpose}:{run_tag()}:"
