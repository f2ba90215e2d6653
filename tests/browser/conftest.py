"""Browser page fixtures. The session's one Chromium (`browser`) comes from
tests/support/browser_fixtures.py, loaded for the whole suite by tests/conftest.py."""

import pytest

from tests.browser.support import new_axe_page, new_strict_page


@pytest.fixture(autouse=True)
def _live_server_closes_db_connections(monkeypatch):
    """Chromium keeps HTTP connections alive, so live_server's request threads (and their
    persistent database connections, CONN_MAX_AGE) outlive a test, which makes dropping the test
    database fail. Close each thread's connection at the end of every request instead."""
    from django.db import connections

    # Every thread's connection wrapper shares this settings dict (that is also how they all
    # see the test database's name).
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)


@pytest.fixture
def strict_page(browser):
    """Enforces our CSP; `strict_page.problems` lists CSP violations, console errors…"""
    context, page = new_strict_page(browser)
    yield page
    context.close()


@pytest.fixture
def axe_page(browser):
    """CSP bypassed only to inject axe-core."""
    context, page = new_axe_page(browser)
    yield page
    context.close()
