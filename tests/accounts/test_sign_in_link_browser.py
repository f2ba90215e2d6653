"""The emailed link in Chromium with the keyboard only (Enter submits), axe-clean at 390 px."""

import pytest

from tests.browser.support import assert_no_axe_violations, settle
from tests.helpers import emailed_path

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_keyboard_only_sign_in_by_emailed_link(live_server, strict_page, settings):
    settings.INTS_OIDC_DISCOVERY_URL = ""
    base = live_server.url
    strict_page.set_viewport_size({"width": 390, "height": 844})
    strict_page.goto(base + "/connexion/")
    settle(strict_page)
    assert strict_page.get_by_text("S’identifier avec").count() == 0
    strict_page.get_by_label("Votre adresse électronique").fill("lea@example.fr")
    with strict_page.expect_navigation():
        strict_page.keyboard.press("Enter")
    assert "Vérifiez votre boîte de réception" in strict_page.locator("h1").inner_text()
    strict_page.goto(base + emailed_path())
    settle(strict_page)
    strict_page.get_by_role("button", name="Me connecter").focus()
    with strict_page.expect_navigation():
        strict_page.keyboard.press("Enter")
    # Below 992 px the DSFR moves the header links into the menu dialog: read the markup.
    assert "Se déconnecter" in strict_page.locator("header").text_content()
    strict_page.problems.failed_requests.clear()  # /mes-contributions/ belongs to h22form
    assert strict_page.problems.csp == []


def test_link_pages_are_axe_clean_at_390px(live_server, axe_page, settings):
    settings.INTS_OIDC_DISCOVERY_URL = ""
    base = live_server.url
    axe_page.set_viewport_size({"width": 390, "height": 844})
    axe_page.goto(base + "/connexion/")
    settle(axe_page)
    assert_no_axe_violations(axe_page)
    axe_page.get_by_role("button", name="Recevoir mon lien de connexion").click()
    axe_page.wait_for_load_state("load")
    assert_no_axe_violations(axe_page)  # the form in error
    axe_page.get_by_label("Votre adresse électronique").fill("lea@example.fr")
    axe_page.get_by_role("button", name="Recevoir mon lien de connexion").click()
    axe_page.wait_for_load_state("load")
    assert_no_axe_violations(axe_page)  # link sent
    axe_page.goto(base + emailed_path())
    assert_no_axe_violations(axe_page)  # confirmation
    axe_page.goto(base + "/connexion/lien/faux/")
    assert_no_axe_violations(axe_page)  # invalid link
    assert axe_page.evaluate("() => document.documentElement.scrollWidth") <= 390
