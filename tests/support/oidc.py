"""A real OpenID Connect provider for the tests: the npm package `oidc-provider` (certified),
run by tests/support/oidc_provider.mjs on a free loopback port, standing in for ProConnect.

Fixtures (import them in a conftest.py, as tests/accounts/conftest.py does):

* `oidc_server` (module scope): the Node process, with one static client whose redirect URI
  is the live server's callback, and one account (PROCONNECT_ACCOUNT's claims: email,
  given_name, usual_name, siret). Its login page accepts any login and password.
* `oidc_provider`: `oidc_server` plus the portal's settings pointing at it (discovery URL,
  client id and secret, SITE_URL = the live server, CSP form-action for its logout).

In a browser, `sign_in_with_proconnect(page, live_server.url)` (used by
tests/accounts/test_proconnect_browser.py) does what a person does: the
ProConnect button → the provider's login form (`login`, `password`, « Sign-in ») → its consent
screen (« Continue ») → back on the portal, signed in.
"""

import json
import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.seaweedfs import free_ports

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "support" / "oidc_provider.mjs"
CALLBACK_PATH = "/connexion/proconnect/retour/"
PROCONNECT_ACCOUNT = {
    "sub": "proconnect-sub-5f0c2a",
    "email": "camille.martin@csapa-lille.fr",
    "given_name": "Camille",
    "usual_name": "Martin",
    "siret": "13002526500013",
}


@dataclass
class OidcServer:
    issuer: str
    client_id: str
    client_secret: str
    account: dict
    process: subprocess.Popen

    @property
    def discovery_url(self):
        return f"{self.issuer}/.well-known/openid-configuration"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process.stdout.close()  # the pipe read for "ready" (warnings are errors)


def start_oidc_server(*, site_url, account=PROCONNECT_ACCOUNT, ready_seconds=30):
    """Start the provider for a portal served at `site_url`; returns an OidcServer."""
    if not shutil.which("node") or not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.fail("oidc-provider is missing: run `npm install --no-audit --no-fund`")
    (port,) = free_ports(1)
    client_id, client_secret = "portail-ints", secrets.token_urlsafe(24)
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": client_id,
        "OIDC_CLIENT_SECRET": client_secret,
        "OIDC_REDIRECT_URIS": site_url + CALLBACK_PATH,
        "OIDC_POST_LOGOUT_REDIRECT_URIS": site_url + "/",
        "OIDC_ACCOUNT": json.dumps(account),
        "NODE_NO_WARNINGS": "1",
    }
    process = subprocess.Popen(
        ["node", str(SCRIPT)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=None,  # the provider's own errors (server_error) end up in pytest's output
        text=True,
    )
    line = process.stdout.readline()  # blocks until "ready <issuer>" or the process ends
    if not line.startswith("ready "):
        process.kill()
        pytest.fail(f"the OpenID Connect provider did not start: {line!r}")
    return OidcServer(line.split()[1], client_id, client_secret, account, process)


@pytest.fixture(scope="module")
def oidc_server(live_server):
    server = start_oidc_server(site_url=live_server.url)
    yield server
    server.stop()


@pytest.fixture
def oidc_provider(oidc_server, live_server, settings):
    """The portal configured for the test provider, as INTS_OIDC_* would in production."""
    settings.INTS_OIDC_DISCOVERY_URL = oidc_server.discovery_url
    settings.OIDC_RP_CLIENT_ID = oidc_server.client_id
    settings.OIDC_RP_CLIENT_SECRET = oidc_server.client_secret
    settings.SITE_URL = live_server.url
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        **settings.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {
            **directives,
            "form-action": [*directives["form-action"], oidc_server.issuer],
        },
    }
    return oidc_server


def sign_in_with_proconnect(page, base, *, next_path=""):
    """From /connexion/, through the provider's login and consent pages, back to the portal.
    Returns the callback URL the provider sent the browser to (code and state)."""
    callbacks = []
    page.on(
        "request",
        lambda request: callbacks.append(request.url) if CALLBACK_PATH in request.url else None,
    )
    page.goto(base + "/connexion/" + (f"?next={next_path}" if next_path else ""))
    with page.expect_navigation():
        page.get_by_role("link", name="S’identifier avec ProConnect").click()
    page.locator("input[name=login]").fill(PROCONNECT_ACCOUNT["sub"])
    page.locator("input[name=password]").fill("peu importe")
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    if not page.url.startswith(base):  # consent: « Continue »
        page.locator("button[type=submit]").click()
        page.wait_for_url(lambda url: url.startswith(base))
    page.wait_for_load_state("load")
    return callbacks[-1]
