"""The contribution pages in Chromium: axe-core clean blank and in error, at 390 px without
sideways scrolling, and a question de terrain saved then proposed with the keyboard only (Enter
in a field saves the draft: « Enregistrer le brouillon » is the first submit button)."""

import pytest
from django.conf import settings
from django.test import Client

from research.models import FieldQuestion
from resources.models import Practice
from tests.browser.support import assert_clean, axe_violations, format_violations, settle
from tests.contributions.conftest import KINDS
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data", "kinds"),
]
FORMS = [
    "/contribuer/pratique/",
    "/contribuer/evenement/",
    "/contribuer/ressource/",
    "/recherche/questions/proposer/",
]
VIEWPORTS = {"390px": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture
def kinds():
    from editorial import registry

    for model, label, url_name in KINDS:
        registry.register(model, label=label, propose_url_name=url_name)


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def audit(page, what):
    settle(page)
    violations = axe_violations(page)
    assert not violations, f"{what}:\n{format_violations(violations)}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{what}: {width}px wide"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_contribution_pages_are_clean_blank_and_in_error(live_server, axe_page, viewport):
    page, base = axe_page, live_server.url
    page.set_viewport_size(VIEWPORTS[viewport])
    user = UserFactory(username="camille", first_name="Camille", last_name="Martin")
    sign_in(page, live_server, user)
    states = 0
    for url in FORMS:
        page.goto(base + url)
        audit(page, url)
        page.get_by_role("button", name="Proposer à la relecture").click()
        page.wait_for_selector("#erreurs-formulaire")
        assert page.title().startswith("Erreur — "), url
        assert page.evaluate("document.activeElement.id") == "erreurs-formulaire", url
        audit(page, f"{url} en erreur")
        states += 2
    for url in ["/contribuer/", "/mes-contributions/"]:
        page.goto(base + url)
        audit(page, url)
        states += 1
    assert states == 10


def test_a_question_is_saved_then_proposed_with_the_keyboard(live_server, strict_page):
    page, base = strict_page, live_server.url
    page.set_viewport_size(VIEWPORTS["390px"])
    user = UserFactory(username="camille", first_name="Camille", last_name="Martin")
    sign_in(page, live_server, user)
    page.goto(base + "/recherche/questions/proposer/")
    settle(page)

    page.focus("#id_title")
    page.keyboard.type("Pourquoi les jeunes majeurs renoncent-ils à leurs droits ?")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    settle(page)
    question = FieldQuestion.objects.get()
    assert question.status == "draft"
    assert page.url == f"{base}/recherche/questions/proposer/{question.pk}/"
    assert "Votre brouillon est enregistré" in page.inner_text("body")

    page.focus("#id_context")
    page.keyboard.type("Nous voyons des jeunes renoncer au contrat jeune majeur.")
    page.focus("#id_credit_as_0")  # « Mon nom »: the browser's radio group, by the keyboard
    page.keyboard.press("Space")
    page.focus("#id_credit_consent")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # « Enregistrer le brouillon »
    page.keyboard.press("Tab")  # « Proposer à la relecture »
    assert page.evaluate("document.activeElement.value") == "propose"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    settle(page)

    question.refresh_from_db()
    assert question.status == "proposed"
    assert question.credit_text == "Camille Martin"
    assert page.url == f"{base}/mes-contributions/"
    assert "Proposée" in page.inner_text("main")
    assert_clean(page)
    assert not Practice.objects.exists()
