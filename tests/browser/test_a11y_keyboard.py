"""The keyboard alone, at desktop and phone widths, under our CSP: skip links land where they
say, the tab order runs from the header to the footer without trap and every focus is visible,
the header's dialogs and the display settings open and close, focus goes to the error summary
after a failed post and each of its links reaches its field, radio groups included. Without
JavaScript on a phone, the menu and the search stay reachable and the brand leads home. The
audit grid cites this file (criteria 7.3, 10.7, 11.11, 12.5 to 12.9)."""

import pytest

from hautes_etudes.demo import load_hautes_etudes_demo
from tests.browser.support import assert_clean, new_strict_page, settle, start_application

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

_FOCUSED = """() => {
  const e = document.activeElement;
  return {
    id: e.id, tag: e.tagName.toLowerCase(), text: (e.textContent || "").trim().slice(0, 60),
    href: e.getAttribute("href"), inFooter: !!e.closest("footer"),
    // The DSFR draws the focus of an enlarged link (a card, the brand) on the link's ::before,
    // which covers the enlarged block.
    outline: [getComputedStyle(e), getComputedStyle(e, "::before")].some(
      (s) => s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
    ),
  };
}"""


def focused(page):
    return page.evaluate(_FOCUSED)


def skip_link(page, text):
    """Tab from the top of the page to the skip link `text`; return its target's id."""
    page.keyboard.press("Tab")
    for _ in range(6):
        current = focused(page)
        if current["text"] == text:
            return current["href"].lstrip("#")
        page.keyboard.press("Tab")
    raise AssertionError(f"no skip link « {text} » among the first Tab stops")


@pytest.fixture
def phone_page(browser):
    context, page = new_strict_page(browser)
    page.set_viewport_size(PHONE)
    yield page
    context.close()


def test_skip_links_at_desktop_width_reach_visible_targets(live_server, strict_page):
    page = strict_page
    page.set_viewport_size(DESKTOP)
    for text, target in [
        ("Contenu", "contenu"),
        ("Menu", "navigation-principale"),
        ("Recherche", "recherche-site"),
        ("Pied de page", "pied-de-page"),
    ]:
        page.goto(live_server.url + "/plan-du-site/")
        settle(page)
        assert skip_link(page, text) == target
        page.keyboard.press("Enter")
        assert page.locator(f"#{target}").is_visible()
        page.keyboard.press("Tab")  # the next stop is inside (or right after) the target
        if target == "recherche-site":
            assert focused(page)["tag"] == "button"  # the search field's button
    assert_clean(page)


def test_skip_link_at_phone_width_opens_nothing_closed(live_server, phone_page):
    page = phone_page
    page.goto(live_server.url + "/plan-du-site/")
    settle(page)
    texts = page.evaluate(
        """() => [...document.querySelectorAll(".fr-skiplinks a")]
             .filter((a) => getComputedStyle(a.parentElement).display !== "none")
             .map((a) => a.textContent.trim())"""
    )
    assert texts == ["Contenu", "Menu et recherche", "Pied de page"]
    assert skip_link(page, "Menu et recherche") == "acces-menu-recherche"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "bouton-recherche"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "bouton-menu"
    page.keyboard.press("Enter")
    page.wait_for_selector("#modal-menu.fr-modal--opened")
    assert page.locator("#navigation-principale a").first.is_visible()
    page.keyboard.press("Escape")
    page.wait_for_selector("#modal-menu:not(.fr-modal--opened)", state="attached")
    assert_clean(page)


def test_tab_order_runs_to_the_footer_with_a_visible_focus(live_server, strict_page):
    page = strict_page
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/accessibilite/")
    settle(page)
    seen, invisible = [], []
    for _ in range(200):
        page.keyboard.press("Tab")
        current = focused(page)
        seen.append(current["text"] or current["id"])
        if not current["outline"]:
            invisible.append(current)
        if current["inFooter"] and current["text"] == "Paramètres d'affichage":
            break
    else:
        raise AssertionError(f"the footer is not reached with Tab: {seen[-10:]}")
    assert seen[:2] == ["Contenu", "Menu"]
    assert [(item["tag"], item["text"]) for item in invisible] == []


def test_display_settings_open_with_the_keyboard_and_switch_theme(live_server, strict_page):
    page = strict_page
    page.goto(live_server.url + "/")
    settle(page)
    page.get_by_role("button", name="Paramètres d'affichage").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#fr-theme-modal.fr-modal--opened")
    page.get_by_label("Thème sombre").focus()
    page.keyboard.press("Space")
    page.wait_for_selector("html[data-fr-theme='dark']", state="attached")
    page.keyboard.press("Escape")
    page.reload()
    settle(page)
    assert page.evaluate("document.documentElement.getAttribute('data-fr-theme')") == "dark"
    assert_clean(page)


def test_without_javascript_on_a_phone_menu_and_search_are_links(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/")
    navbar = page.locator("#acces-menu-recherche")
    menu = navbar.get_by_role("link", name="Menu", exact=True)
    search = navbar.get_by_role("link", name="Rechercher", exact=True)
    assert menu.is_visible() and search.is_visible()
    assert page.get_by_role("button", name="Menu").count() == 0  # hidden: nothing would open
    menu.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/plan-du-site/"
    assert page.get_by_role("link", name="Cycle des hautes études").first.is_visible()
    search.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/rechercher/"
    assert page.get_by_label("Votre recherche").is_visible()
    context.close()


def test_without_javascript_on_a_phone_tapping_the_brand_goes_home(live_server, browser):
    """The « Menu » stand-in link's enlarged click area covered the whole brand: tapping the
    site title, the Marianne or « Rechercher » opened the site map."""
    context = browser.new_context(
        java_script_enabled=False, viewport=PHONE, locale="fr-FR", has_touch=True
    )
    page = context.new_page()
    for target, expected in [
        (".fr-header__service-title", "/"),
        (".fr-header__logo .fr-logo", "/"),
        ("#acces-menu-recherche a[href='/rechercher/']", "/rechercher/"),
        ("#acces-menu-recherche a[href='/plan-du-site/']", "/plan-du-site/"),
    ]:
        # At the element's centre, as a finger would: whatever is drawn on top gets the tap.
        for press in (page.touchscreen.tap, page.mouse.click):
            page.goto(live_server.url + "/agenda/")
            box = page.locator(target).bounding_box()
            with page.expect_navigation():
                press(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            assert page.url == live_server.url + expected, (target, press)
    context.close()


def test_failed_post_focuses_the_summary_whose_links_reach_each_field(live_server, strict_page):
    load_hautes_etudes_demo()
    page = strict_page
    start_application(page, live_server.url, "clavier@example.fr")
    page.goto(live_server.url + "/hautes-etudes/candidater/etapes/situation/")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    settle(page)

    assert focused(page)["id"] == "erreurs-formulaire"
    links = page.locator("#erreurs-formulaire a")
    targets = links.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert "#" not in targets and len(targets) >= 4
    for index, target in enumerate(targets):
        links.nth(index).focus()
        page.keyboard.press("Enter")
        field = page.locator(target)
        assert field.evaluate("(e) => e === document.activeElement"), target
        page.locator("#erreurs-formulaire").focus()
    # Radio groups: the link reaches the first radio, which names the group and its error.
    assert "#id_employer_kind_0" in targets
    radio = page.locator("#id_employer_kind_0")
    assert radio.get_attribute("type") == "radio"
    described = radio.get_attribute("aria-describedby")
    assert page.locator(f"#{described}").inner_text() != ""
    group = page.locator("fieldset#id_employer_kind")
    for labelled in group.get_attribute("aria-labelledby").split():
        assert page.locator(f"#{labelled}").count() == 1
    assert_clean(page)


def test_every_referenced_id_exists_on_forms_in_error(live_server, strict_page):
    load_hautes_etudes_demo()
    page = strict_page
    start_application(page, live_server.url, "ids@example.fr")
    missing = {}
    for step in ["identite", "situation", "motivation", "documents", "consentement"]:
        page.goto(f"{live_server.url}/hautes-etudes/candidater/etapes/{step}/")
        page.locator("form button[type=submit]").last.click()
        missing[step] = page.evaluate(
            """() => [...document.querySelectorAll("[aria-describedby], [aria-labelledby]")]
                 .flatMap((e) => ((e.getAttribute("aria-describedby") || "") + " "
                                  + (e.getAttribute("aria-labelledby") || "")).split(/\\s+/))
                 .filter((id) => id && !document.getElementById(id))"""
        )
    assert missing == dict.fromkeys(missing, [])
