"""The real stack with PRODUCTION settings: collectstatic (whitenoise's compressed manifest),
a freshly migrated PostgreSQL database and gunicorn, seen through Chromium.

live_server serves plain static names, so only this test can catch a stylesheet that production
breaks (hashed names, rewritten CSS against Subresource-Integrity hashes, CSP): see TOOLCHAIN.md.
"""

import fcntl
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.support import BASE_DIR, body_font_family, new_strict_page, settle
from tests.support.portal_process import own_database, production_env
from tests.support.ports import free_port

pytestmark = pytest.mark.browser

BIN = Path(sys.executable).parent
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")
ONE_YEAR = 365 * 24 * 3600


def run(command, env, what):
    result = subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"{what} failed:\n{result.stdout}\n{result.stderr}"


def wait_until_up(url, process, log_path, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited ({process.returncode}):\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        # A worker still booting (whitenoise reads every static file) holds the first request.
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer {url} within {timeout} s:\n{log_path.read_text()}")


@pytest.fixture(scope="module")
def production_database():
    """A throwaway database next to the test database, dropped afterwards."""
    with own_database("prodcheck") as url:
        yield url


@pytest.fixture(scope="module")
def production_server(production_database, browser_home):
    port = free_port()
    env = production_env(
        database_url=production_database,
        HOME=str(browser_home),
        TMPDIR=str(browser_home / "tmp"),
    )
    # collectstatic writes to the default STATIC_ROOT (staticfiles/, git-ignored), exactly as a
    # deployment does; the lock keeps two concurrent suites from writing it at the same time.
    lock_path = BASE_DIR / "var" / ".collectstatic.lock"
    lock_path.parent.mkdir(exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        collectstatic = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
        run(collectstatic, env, "collectstatic")
        run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env, "migrate")
        log_path = browser_home / f"gunicorn-{port}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "ints_portal.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--no-control-socket",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(f"{url}/sante/", process, log_path)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_dsfr_loads_under_production_settings(production_server, browser):
    context, page = new_strict_page(browser)
    responses = {}
    page.on("response", lambda response: responses.setdefault(response.url, response))
    try:
        response = page.goto(production_server + "/", wait_until="load")
        assert response.status == 200
        settle(page)
        page.evaluate("() => document.fonts.ready.then(() => true)")

        # No CSP violation, console error (SRI failures are console errors), failed request.
        assert not page.problems.as_text(), page.problems.as_text()
        policy = response.headers["content-security-policy"]
        assert "unsafe-inline" not in policy
        assert "nonce-" in policy

        # The DSFR's stylesheet is applied and its Marianne font really loaded.
        assert "Marianne" in body_font_family(page)
        loaded_fonts = page.evaluate(
            """() => [...document.fonts]
                 .filter((face) => face.status === "loaded")
                 .map((face) => face.family.replaceAll('"', ""))"""
        )
        assert "Marianne" in loaded_fonts
        stylesheets = page.evaluate(
            """() => [...document.styleSheets]
                 .filter((sheet) => sheet.href)
                 .map((sheet) => [sheet.href, sheet.cssRules.length])"""
        )
        dsfr_rules = [rules for href, rules in stylesheets if "/dsfr.min." in href]
        assert dsfr_rules and dsfr_rules[0] > 1000, stylesheets

        # Static files: hashed names, served with a long cache lifetime.
        static = page.evaluate(
            """() => [...document.querySelectorAll(
                   "link[rel~=stylesheet][href], link[rel~=icon][href], script[src]")]
                 .map((node) => node.href || node.src)
                 .filter((url) => new URL(url).pathname.startsWith("/static/"))"""
        )
        assert any("/dsfr.min." in url for url in static), static
        assert any("/css/portal." in url for url in static), static
        for url in static:
            assert HASHED_NAME.search(urlsplit(url).path), f"not a hashed name: {url}"
        fetched = [url for url in responses if urlsplit(url).path.startswith("/static/")]
        assert any(".woff2" in url for url in fetched), fetched
        for url in fetched:
            static_response = responses[url]
            assert static_response.status == 200, url
            assert HASHED_NAME.search(urlsplit(url).path), f"not a hashed name: {url}"
            cache_control = static_response.headers.get("cache-control", "")
            max_age = re.search(r"max-age=(\d+)", cache_control)
            assert max_age and int(max_age.group(1)) >= ONE_YEAR, (url, cache_control)
            assert "immutable" in cache_control, (url, cache_control)
    finally:
        context.close()
