"""The relevance test set (relevance.yaml): French queries and the results they must give first.

The same set runs on PostgreSQL (this process) and on the SQLite demo path (the same test in a
subprocess under tests.resources.sqlite_settings), so `make run` finds what production finds.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.factories import ResourceFactory
from tests.resources.demo_queries import demo_query_failures

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
DATA = yaml.safe_load((Path(__file__).with_name("relevance.yaml")).read_text(encoding="utf-8"))


@pytest.fixture
def corpus():
    now = timezone.now()
    titles = {}
    for key, item in DATA["corpus"].items():
        ResourceFactory(
            title=item["title"],
            summary=item["summary"],
            body=f"<p>{item.get('body', '')}</p>",
            publication_date=now - timezone.timedelta(days=item["days_ago"]),
        )
        titles[item["title"]] = key
    return titles


def failures_of(case, keys, suggestion):
    expected_first = case.get("first", [])
    wrong = []
    if expected_first and keys[: len(expected_first)] != expected_first:
        wrong.append(f"first {expected_first}")
    top = case.get("top", [])
    if top and sorted(keys[: len(top)]) != sorted(top):
        wrong.append(f"top {sorted(top)}")
    if missing := [k for k in case.get("includes", []) if k not in keys]:
        wrong.append(f"missing {missing}")
    if present := [k for k in case.get("excludes", []) if k in keys]:
        wrong.append(f"unwanted {present}")
    if case.get("none") and keys:
        wrong.append("no result expected")
    if "suggestion" in case and suggestion != case["suggestion"]:
        wrong.append(f"suggestion {case['suggestion']!r}, got {suggestion!r}")
    return wrong


def test_relevance_set_gives_expected_first_results(client, corpus):
    assert len(DATA["queries"]) >= 40
    report = []
    for case in DATA["queries"]:
        response = client.get("/rechercher/", {"q": case["q"]})
        assert response.status_code == 200
        keys = [corpus[entry.title] for entry in response.context["page_obj"].object_list]
        found = response.context.get("suggestion")
        suggestion = found.query if found else None
        if wrong := failures_of(case, keys, suggestion):
            report.append(f"{case['q']!r}: expected {', '.join(wrong)}; got {keys}")

    assert not report, f"{connection.vendor}:\n" + "\n".join(report)


def test_relevance_set_passes_on_the_sqlite_demo_path(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("this is the run that starts the SQLite one")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INTS_"))}
    env.update(INTS_VAR_DIR=str(tmp_path))
    test = "tests/resources/test_relevance.py::test_relevance_set_gives_expected_first_results"

    done = subprocess.run(
        [sys.executable, "-m", "pytest", test, "--ds=tests.resources.sqlite_settings", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout


def test_demo_catalogue_finds_what_the_issue_names(client):
    call_command("load_demo")

    assert demo_query_failures(client) == []
