"""`make run` without DATABASE_URL: the embedded SQLite demo migrates, loads and filters.

The suite runs on PostgreSQL; this test runs the demo's own path (SQLite fallbacks of the search
and the facets) in subprocesses, as `make run` does.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
for url in [
    "/ressources/?theme=handicap&public=professionnels",
    "/rechercher/?q=accompagnement&theme=handicap",
    "/rechercher/?q=accompagnement&territoire=national&annee=2025",
]:
    response = client.get(url, HTTP_HOST="127.0.0.1")
    facets = {f.facet.param: len(f.options) for f in response.context["facets"]}
    print(url, response.status_code, response.context["page_obj"].paginator.count, facets)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count > 0
    assert all(facets.values()), facets
from tests.resources.demo_queries import demo_query_failures
failures = demo_query_failures(client)
assert not failures, failures
print("demo queries ok")
"""


@pytest.fixture
def demo_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INTS_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="ints_portal.settings",
        DJANGO_DEBUG="true",
        INTS_VAR_DIR=str(tmp_path),
        INTS_PAGE_CACHE_SECONDS="0",
    )
    return env


def run(env, *args):
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_demo_on_sqlite_migrates_loads_and_filters(demo_env, tmp_path):
    run(demo_env, "manage.py", "migrate", "--noinput", "-v0")
    first = run(demo_env, "manage.py", "load_demo")
    second = run(demo_env, "manage.py", "load_demo")
    accounts = run(demo_env, "manage.py", "demo_accounts")

    out = run(demo_env, "-c", CHECK)

    assert (tmp_path / "ints.sqlite3").exists()
    assert out.count(" 200 ") == 3
    assert "demo queries ok" in out
    # the selection demo on SQLite too: created once, then left as it is; the block each time
    assert "16 candidature(s) de démonstration créée(s), 16 au total" in first
    assert "0 candidature(s) de démonstration créée(s), 11 au total" in second
    for output in (first, second, accounts):
        assert output.count("demo-comite-") == 4
