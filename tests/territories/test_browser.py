"""The territory pages in a real Chromium on demo content: the done-when of issue 23 (the
elected official reaches the Nord from the home page in two actions and finds events,
trainings, practices, research and three figures with their national comparison), zero
axe-core violation, no CSP or console problem, the keyboard alone, and a 390 px phone."""

import re

import pytest

from ints_portal.demo_territories import load_territories_demo
from research.demo import load_research_demo
from resources.agenda.demo import load_agenda_demo
from resources.observatory.demo import load_observatory_demo
from resources.training.demo import load_training_demo
from tests.browser.support import assert_clean, assert_clean_load, axe_report, settle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]
PHONE = {"width": 390, "height": 844}
CHOOSER_LABEL = "Votre région, votre département ou votre code postal"
PAGES = [
    "/",
    "/territoires/",
    "/territoires/59-nord/",
    "/territoires/hauts-de-france/",
    "/territoires/choisir/?lieu=R%C3%A9union",
    "/territoires/choisir/?lieu=Atlantide",
]


@pytest.fixture
def demo():
    load_agenda_demo()
    load_training_demo()
    load_observatory_demo()
    load_research_demo()
    load_territories_demo()


def test_elected_official_reaches_the_nord_in_two_actions(live_server, demo, strict_page):
    page = strict_page
    page.goto(live_server.url + "/")
    settle(page)

    page.get_by_label(CHOOSER_LABEL).fill("59000")  # 1
    with page.expect_navigation():
        page.keyboard.press("Enter")  # 2

    assert page.url == live_server.url + "/territoires/59-nord/"
    assert page.get_by_role("heading", level=1).inner_text() == "Nord"
    events = page.locator("#evenements .fr-card")
    assert events.count() >= 1
    assert page.locator("#se-former a[href^='/se-former/etablissements/']").count() >= 1
    assert page.locator("#pratiques .fr-card").count() >= 1
    assert page.locator("#questions-de-terrain li").count() >= 1
    assert page.locator("#projets a[href^='/recherche/projets/']").count() >= 1
    assert page.locator("#laboratoires a[href^='/recherche/laboratoires/']").count() >= 1
    compared = page.locator("#chiffres-cles .ints-indicator").filter(has_text="France entière :")
    assert compared.count() >= 3
    for index in range(3):
        figure = compared.nth(index)
        assert re.search(r"\d", figure.locator(".ints-figure__value").inner_text())
        assert figure.locator("svg[role='img']").count() == 1
        assert figure.locator("table caption").count() == 1
        assert figure.locator("a[href^='/observatoire/']").count() == 1
    # The région is one link away, and leads back down.
    page.locator(".fr-text--lead").get_by_role("link", name="Hauts-de-France").click()
    page.wait_for_url(re.compile(r"/territoires/hauts-de-france/$"))
    assert page.locator("a[href='/territoires/59-nord/']").count() >= 1
    assert_clean(page)


def test_territory_pages_have_no_axe_violation_nor_csp_problem(
    live_server, demo, strict_page, axe_page
):
    for path in PAGES:
        assert_clean_load(strict_page, live_server.url + path)
    reports = [axe_report(axe_page, live_server.url + path) for path in PAGES]
    problems = "\n\n".join(report for report in reports if report)
    assert not problems, problems


def test_chooser_by_keyboard_alone_and_its_error_state(live_server, demo, strict_page):
    page = strict_page
    page.goto(live_server.url + "/")
    settle(page)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "lieu":
            break
    else:
        raise AssertionError("the chooser's field is not reachable with Tab")
    page.keyboard.type("Atlantide")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "Aucune région ni aucun département ne porte ce nom." in page.content()
    # The error summary takes the focus; its link leads to the field, filled as typed.
    page.wait_for_function("document.activeElement.id === 'erreurs-formulaire'")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "lieu"
    assert page.evaluate("document.activeElement.value") == "Atlantide"
    page.keyboard.press("Control+A")
    page.keyboard.type("Nord")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/territoires/59-nord/")
    assert_clean(page)


def test_phone_width_does_not_scroll_sideways(live_server, demo, strict_page):
    page = strict_page
    page.set_viewport_size(PHONE)
    for path in PAGES:
        assert_clean_load(page, live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
