"""ProConnect in Chromium against a real OpenID Connect provider (tests/support/oidc.py): the
whole sign-in through the provider's pages and back, and the callbacks that must be refused."""

import base64
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model

from accounts.models import ContributorProfile
from core.roles import CONTRIBUTORS
from tests.browser.support import assert_clean, assert_no_axe_violations, settle
from tests.support.oidc import CALLBACK_PATH, PROCONNECT_ACCOUNT, sign_in_with_proconnect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]

REFUSED = "La connexion avec ProConnect n'a pas abouti"


def test_full_sign_in_creates_the_contributor_with_siret(live_server, oidc_provider, strict_page):
    base = live_server.url
    callback = sign_in_with_proconnect(strict_page, base, next_path="/agenda/")
    query = parse_qs(urlsplit(callback).query)
    assert set(query) >= {"code", "state"}
    assert urlsplit(strict_page.url).path == "/agenda/"
    header = strict_page.locator("header").inner_text()
    assert "Camille Martin" in header and "Mes contributions" in header
    profile = ContributorProfile.objects.select_related("user").get()
    assert profile.sub == PROCONNECT_ACCOUNT["sub"]
    assert profile.siret == "13002526500013"
    assert (profile.given_name, profile.usual_name) == ("Camille", "Martin")
    assert profile.last_sign_in_method == "proconnect"
    user = profile.user
    assert user.email == PROCONNECT_ACCOUNT["email"] and not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [CONTRIBUTORS]
    # Back-office closed to contributors.
    strict_page.goto(base + "/admin/")
    assert urlsplit(strict_page.url).path == "/admin/login/"
    # Signing out ends ProConnect's session too (its end_session page, then home).
    strict_page.goto(base + "/agenda/")
    strict_page.get_by_role("button", name="Se déconnecter").click()
    strict_page.wait_for_url(lambda url: url.startswith(oidc_provider.issuer))
    assert "/session/end" in strict_page.url
    with strict_page.expect_navigation(url=lambda url: url.startswith(base)):
        strict_page.locator("button[autofocus], button[type=submit]").first.click()
    assert urlsplit(strict_page.url).path == "/"
    assert "Se connecter" in strict_page.locator("header").inner_text()
    # Our CSP let the logout's redirect to the provider through (form-action); the provider's
    # own pages' console (web fonts it cannot fetch here) is not ours to judge.
    assert strict_page.problems.csp == []
    strict_page.problems.clear()
    strict_page.reload()
    settle(strict_page)
    assert_clean(strict_page)


def test_replayed_callback_is_refused(live_server, oidc_provider, strict_page):
    base = live_server.url
    callback = sign_in_with_proconnect(strict_page, base)
    strict_page.get_by_role("button", name="Se déconnecter").click()
    strict_page.wait_for_load_state("load")
    response = strict_page.goto(callback)  # same code, same state, once more
    assert response.status == 400
    assert REFUSED in strict_page.content()
    assert "Se connecter" in strict_page.locator("header").inner_text()


def test_used_code_with_a_fresh_state_is_refused_by_the_provider(
    live_server, oidc_provider, strict_page
):
    base = live_server.url
    old = parse_qs(urlsplit(sign_in_with_proconnect(strict_page, base)).query)
    strict_page.context.clear_cookies()
    # A new authorisation request (a new state in the browser's session), not followed…
    started = strict_page.request.get(base + "/connexion/proconnect/", max_redirects=0)
    state = parse_qs(urlsplit(started.headers["location"]).query)["state"][0]
    # …and answered with the code the provider already exchanged.
    response = strict_page.goto(f"{base}{CALLBACK_PATH}?code={old['code'][0]}&state={state}")
    assert response.status == 400
    assert REFUSED in strict_page.content()
    assert get_user_model().objects.count() == 1  # the first sign-in's, nobody new


def test_forged_state_is_refused(live_server, oidc_provider, strict_page):
    base = live_server.url
    strict_page.goto(base + "/connexion/")
    response = strict_page.goto(base + CALLBACK_PATH + "?code=abc&state=forged")
    assert response.status == 400
    assert REFUSED in strict_page.content()
    strict_page.goto(base + "/connexion/proconnect/")  # a real state in the session now
    response = strict_page.goto(base + CALLBACK_PATH + "?code=abc&state=forged")
    assert response.status == 400
    assert REFUSED in strict_page.content()
    assert not get_user_model().objects.exists()


def _tamper(token):
    """The same signed ID token with another `sub` in its payload (signature unchanged)."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_tampered_id_token_is_refused(live_server, oidc_provider, strict_page, monkeypatch):
    from accounts.oidc import ProConnectBackend

    real_get_token = ProConnectBackend.get_token

    def tampered_get_token(self, payload):
        tokens = real_get_token(self, payload)
        return {**tokens, "id_token": _tamper(tokens["id_token"])}

    monkeypatch.setattr(ProConnectBackend, "get_token", tampered_get_token)
    sign_in_with_proconnect(strict_page, live_server.url)
    assert REFUSED in strict_page.content()
    assert not get_user_model().objects.exists()


def test_user_refusing_consent_gets_the_french_page(live_server, oidc_provider, strict_page):
    base = live_server.url
    strict_page.goto(base + CALLBACK_PATH + "?error=access_denied&state=x")
    assert REFUSED in strict_page.content()


def test_sign_in_page_with_proconnect_is_axe_clean_at_390px(live_server, oidc_provider, axe_page):
    axe_page.set_viewport_size({"width": 390, "height": 844})
    axe_page.goto(live_server.url + "/connexion/")
    settle(axe_page)
    assert axe_page.get_by_role("link", name="S’identifier avec ProConnect").is_visible()
    assert_no_axe_violations(axe_page)
    width = axe_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
