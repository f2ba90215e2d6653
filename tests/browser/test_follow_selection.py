"""« Suivre cette sélection » (tests/outputs) in Chromium: no axe-core violation on a filtered
list at 390 px, no sideways scroll, and the keyboard alone reaches the feed, the calendar and
the email form, then subscribes."""

import pytest

from tests.browser.support import assert_clean, assert_no_axe_violations, settle
from tests.outputs.conftest import CHILD, NORD, catalogue  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]
PHONE = {"width": 390, "height": 844}
URL = f"/agenda/?departement={NORD}&theme={CHILD}"


def test_follow_block_at_390_px_has_no_axe_violation(live_server, catalogue, axe_page):  # noqa: F811
    page = axe_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{URL}", wait_until="load")
    settle(page)
    page.locator("#suivre-titre").scroll_into_view_if_needed()

    assert page.locator("#suivre-titre").is_visible()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_keyboard_reaches_each_output_and_subscribes(live_server, catalogue, strict_page):  # noqa: F811
    page = strict_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{URL}", wait_until="load")
    settle(page)
    reached = []
    for _ in range(150):
        page.keyboard.press("Tab")
        current = page.evaluate(
            "() => ({id: document.activeElement.id,"
            " href: document.activeElement.getAttribute('href')})"
        )
        reached.append(current["href"] or current["id"])
        if current["id"] == "suivre-courriel":
            break
    page.keyboard.type("lectrice@example.fr")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1")

    query = f"departement={NORD}&theme={CHILD}"
    assert f"/agenda/flux/rss/?{query}" in reached
    assert f"webcal://127.0.0.1:8000/agenda/calendrier.ics?{query}" in reached
    assert reached[-1] == "suivre-courriel"
    assert page.locator("h1").inner_text() == "Vérifiez votre boîte de réception"
    assert "Agenda · Nord · thématique Protection de l'enfance" in page.locator(
        "main"
    ).inner_text().replace("\u202f", " ").replace("\xa0", " ")
    assert_clean(page)
