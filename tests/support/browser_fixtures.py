"""The one Chromium of a test session (Playwright's sync API, Debian's Chromium), as a plugin
that tests/conftest.py loads: a session fixture defined in several conftests would start a
Playwright per folder, and a second sync Playwright cannot start in the same thread. The page
fixtures (strict_page, axe_page) stay in tests/browser/conftest.py."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS

# pytest-django's live_server runs in a thread while Playwright's sync API keeps an event loop
# running in the main thread: without this, Django refuses ORM calls made from the tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_home():
    """Chromium (and Playwright's driver) write under $HOME and $TMPDIR: a throwaway directory."""
    path = Path(tempfile.mkdtemp(prefix="ints-browser-"))
    (path / "tmp").mkdir()
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def browser_env(browser_home):
    return {
        **os.environ,
        "HOME": str(browser_home),
        "TMPDIR": str(browser_home / "tmp"),
        "XDG_CONFIG_HOME": str(browser_home / ".config"),
        "XDG_CACHE_HOME": str(browser_home / ".cache"),
    }


@pytest.fixture(scope="session")
def browser(browser_env, django_db_setup):
    """One Chromium for the whole session.

    Playwright's sync API leaves its asyncio loop "running" in this thread, so from then on
    asgiref gives Django a *different* (context-local) set of database connections here. The
    test database's serialized reference data (themes, audiences, territories created by the
    migrations, which `serialized_rollback` restores after each flush) lives on the wrapper of
    the previous set: copy it over, or the second browser test finds empty tables. Hence the
    dependency on django_db_setup: the database must exist before Playwright starts.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM} (apt-get install chromium)")
    # Playwright's Node driver inherits os.environ: point it at the throwaway directory too,
    # only while it starts.
    saved = {key: os.environ.get(key) for key in ("HOME", "TMPDIR")}
    os.environ.update(HOME=browser_env["HOME"], TMPDIR=browser_env["TMPDIR"])
    try:
        playwright = sync_playwright().start()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=browser_env, headless=True
        )
    except Exception:
        playwright.stop()
        raise
    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents
    yield browser
    # Close the connections opened while Playwright ran (see above), or dropping the test
    # database fails: Django only closes the connections it can see once the loop is gone.
    connections.close_all()
    browser.close()
    playwright.stop()
