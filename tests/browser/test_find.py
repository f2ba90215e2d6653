"""Finding things on a phone (390 px) and on a desktop (1280 px), in a real Chromium: results come
first, every theme can be chosen, focus lands on the results after filtering, the keyboard
alone is enough, and axe-core finds nothing in any of these states."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from resources.agenda.models import Event
from resources.models import Territory, Theme
from tests.browser.support import (
    assert_clean,
    assert_clean_load,
    assert_no_axe_violations,
    new_axe_page,
    new_strict_page,
    settle,
    wait_for_attribute,
    wait_for_transitions,
)
from tests.factories import ResourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
RARE_THEME = "violences-intrafamiliales-et-sexuelles"


@pytest.fixture
def catalogue():
    """Resources on every theme (one theme much rarer than the others) and many territories;
    events in Nord, in Gironde and online."""
    themes = list(Theme.objects.exclude(slug=RARE_THEME).order_by("pk"))
    territories = list(Territory.objects.order_by("pk")[:40])
    for index in range(30):
        ResourceFactory(
            title=f"Fiche pratique numéro {index}",
            themes=[themes[index % len(themes)], themes[(index + 1) % len(themes)]],
            territories=[territories[index % len(territories)]],
            publication_date=timezone.now() - datetime.timedelta(days=index + 1),
        )
    ResourceFactory(
        title="Repérer les violences intrafamiliales",
        publication_date=timezone.now() - datetime.timedelta(days=40),
        themes=[Theme.objects.get(slug=RARE_THEME)],
        territories=[Territory.objects.get(kind="departement", code="33")],
    )
    start = (timezone.now() + datetime.timedelta(days=5)).replace(microsecond=0)
    for title, extra in [
        ("Rencontre à Lille", {"departement": Territory.objects.get(code="59")}),
        ("Journée à Bordeaux", {"departement": Territory.objects.get(code="33")}),
        ("Webinaire sur l'aller-vers", {"is_online": True, "online_url": "https://v.example"}),
    ]:
        Event.objects.create(
            title=title,
            slug=re.sub(r"[^a-z]+", "-", title.lower()),
            summary="Une rencontre sur l'aller-vers.",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            status="published",
            publication_date=timezone.now() - datetime.timedelta(days=1),
            **extra,
        )


@pytest.fixture
def phone(browser):
    context, page = new_strict_page(browser)
    page.set_viewport_size(PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context, page = new_strict_page(browser)
    page.set_viewport_size(DESKTOP)
    yield page
    context.close()


@pytest.fixture
def axe_phone(browser):
    context, page = new_axe_page(browser)
    page.set_viewport_size(PHONE)
    yield page
    context.close()


def first_result_top(page):
    """Where the first result card starts, in CSS pixels from the top of the screen."""
    return page.evaluate(
        """() => {
             const column = document.getElementById("resultats").closest(".fr-col-12");
             const first = column.querySelector(".fr-card");
             return first ? first.getBoundingClientRect().top : null;
           }"""
    )


def wait_for_dsfr(page):
    """The DSFR's script has started (it closes the collapsed panels): before that, a phone
    shows the filters open, as it does without JavaScript."""
    page.wait_for_selector("html[data-fr-js='true']", state="attached")


def open_filters(page):
    wait_for_dsfr(page)
    toggle = page.get_by_role("button", name=re.compile(r"^Filtrer"))
    toggle.click()
    wait_for_attribute(toggle, "aria-expanded", "true")
    wait_for_transitions(page.locator("#panneau-filtres.fr-collapse--expanded"))


def active_id(page):
    return page.evaluate("() => document.activeElement && document.activeElement.id")


@pytest.mark.parametrize(
    "path",
    [
        "/ressources/",
        "/agenda/",
        "/observatoire/",
        "/recherche/publications/",
        "/rechercher/?q=fiche",
    ],
)
def test_phone_shows_the_first_result_on_the_first_screen(live_server, catalogue, phone, path):
    assert_clean_load(phone, live_server.url + path)
    wait_for_dsfr(phone)
    phone.locator(".ints-filters__panel fieldset").first.wait_for(state="hidden", timeout=5000)
    heading = phone.locator("#resultats")
    toggle = phone.locator(".ints-filters__toggle")

    heading_box = heading.bounding_box()
    first_top = first_result_top(phone)

    assert toggle.is_visible()
    assert not phone.locator(".ints-filters__panel fieldset").first.is_visible()
    assert heading_box["y"] + heading_box["height"] < PHONE["height"]
    if path != "/observatoire/" and path != "/recherche/publications/":  # empty lists here
        assert first_top is not None and first_top < PHONE["height"] - 100, first_top


def test_phone_every_theme_can_be_chosen_and_focus_lands_on_the_results(
    live_server, catalogue, phone, axe_phone
):
    assert_clean_load(phone, live_server.url + "/ressources/")
    assert phone.locator("#resultats").inner_text() == "31 ressources"
    open_filters(phone)
    facet = phone.locator("#facette-theme")
    facet.get_by_text(re.compile(r"^Voir plus \(18 autres choix\)")).click()

    for theme in Theme.objects.all():
        checkbox = phone.locator(f"#f-theme-{theme.slug}")
        assert checkbox.is_visible(), theme.slug
        assert checkbox.is_enabled(), theme.slug
    # The rarest theme comes last, behind « Voir plus ».
    assert facet.locator("[data-facet-option]").last.get_attribute("data-facet-option") == (
        "Violences intrafamiliales et sexuelles"
    )
    phone.locator(f"label[for='f-theme-{RARE_THEME}']").click()
    phone.get_by_role("button", name="Appliquer les filtres").click()
    phone.wait_for_url(re.compile(rf"theme={RARE_THEME}#resultats$"))
    settle(phone)

    assert active_id(phone) == "resultats"
    assert phone.locator("#resultats").inner_text() == "1 ressource"
    assert phone.locator(".ints-filters__toggle").text_content() == "Filtrer (1 filtre actif)"
    chip = phone.get_by_role(
        "link", name="Retirer le filtre Violences intrafamiliales et sexuelles"
    )
    assert chip.is_visible()
    assert_clean(phone)

    axe_phone.goto(phone.url)
    settle(axe_phone)
    assert_no_axe_violations(axe_phone)
    chip.click()
    phone.wait_for_url(re.compile(r"/ressources/\?tri=date#resultats$"))  # the sort stays
    assert phone.locator("#resultats").inner_text() == "31 ressources"


def test_phone_keyboard_alone_reaches_results_and_filters(live_server, catalogue, phone):
    assert_clean_load(phone, live_server.url + "/ressources/")

    phone.keyboard.press("Tab")
    assert phone.evaluate("() => document.activeElement.textContent") == "Aller aux résultats"
    phone.keyboard.press("Enter")
    assert active_id(phone) == "resultats"
    presses = 0  # past the sort menu, to the first result
    while phone.evaluate("() => document.activeElement.textContent") != "Fiche pratique numéro 0":
        phone.keyboard.press("Tab")
        presses += 1
        assert presses <= 3

    phone.keyboard.press("Shift+Tab")  # back to the sort, then to « Filtrer »
    presses = 0
    while "ints-filters__toggle" not in (
        phone.evaluate("() => document.activeElement.className") or ""
    ):
        phone.keyboard.press("Shift+Tab")
        presses += 1
        assert presses < 10
    phone.keyboard.press("Enter")
    wait_for_transitions(phone.locator("#panneau-filtres.fr-collapse--expanded"))
    phone.keyboard.press("Tab")  # the first option of the first facet
    assert phone.evaluate("() => document.activeElement.name") == "type"
    phone.keyboard.press("Space")
    presses = 0
    while phone.evaluate("() => document.activeElement.type") != "submit":
        phone.keyboard.press("Tab")
        presses += 1
        assert presses < 80
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"\?tri=date&type=guide#resultats$"))
    settle(phone)

    assert active_id(phone) == "resultats"
    assert_clean(phone)


def test_phone_filter_box_narrows_a_long_facet(live_server, catalogue, phone, axe_phone):
    for page in (phone, axe_phone):
        page.goto(live_server.url + "/ressources/")
        settle(page)
        open_filters(page)
        page.get_by_label("Chercher parmi les choix « territoire »").fill("gironde")
        expect(page.locator("#facette-territoire [data-facet-status]")).not_to_be_empty()
    facet = phone.locator("#facette-territoire")

    visible = [
        o.get_attribute("data-facet-option")
        for o in facet.locator("[data-facet-option]:visible").all()
    ]

    assert visible == ["Gironde"]
    assert facet.locator("[data-facet-status]").inner_text() == "1 choix correspond."
    assert_no_axe_violations(axe_phone)
    assert_clean(phone)


def test_without_javascript_the_filters_are_shown_and_voir_plus_opens(
    live_server, catalogue, browser
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/ressources/")

        assert not page.locator(".ints-filters__toggle").is_visible()
        assert page.locator("#facette-theme [data-facet-option]").first.is_visible()
        assert not page.locator(f"#f-theme-{RARE_THEME}").is_visible()
        page.locator("#facette-theme summary").click()
        page.locator(f"label[for='f-theme-{RARE_THEME}']").click()
        page.get_by_role("button", name="Appliquer les filtres").click()
        page.wait_for_url(re.compile(rf"theme={RARE_THEME}#resultats$"))

        assert page.locator("#resultats").inner_text() == "1 ressource"
    finally:
        context.close()


def test_desktop_shows_filters_beside_results_and_agenda_keeps_online_events(
    live_server, catalogue, desktop, browser
):
    assert_clean_load(desktop, live_server.url + "/agenda/")
    assert not desktop.locator(".ints-filters__toggle").is_visible()
    filters_box = desktop.locator(".ints-filters__panel").bounding_box()
    results_box = desktop.locator("#resultats").bounding_box()
    assert filters_box["x"] + filters_box["width"] <= results_box["x"]

    desktop.locator("label[for='f-departement-59-nord']").click()
    desktop.get_by_role("button", name="Appliquer les filtres").click()
    desktop.wait_for_url(re.compile(r"departement=59-nord#resultats$"))
    settle(desktop)

    titles = desktop.locator(".fr-card__title").all_inner_texts()
    assert titles == ["Rencontre à Lille", "Webinaire sur l'aller-vers"]
    assert active_id(desktop) == "resultats"
    desktop.locator("label[for='f-format-en-ligne']").click()
    desktop.get_by_role("button", name="Appliquer les filtres").click()
    desktop.wait_for_url(re.compile(r"format=en-ligne#resultats$"))
    assert desktop.locator(".fr-card__title").all_inner_texts() == ["Webinaire sur l'aller-vers"]
    assert desktop.get_by_role("link", name="Retirer le filtre En ligne").is_visible()
    assert_clean(desktop)

    context, axe_page = new_axe_page(browser)
    try:
        axe_page.set_viewport_size(DESKTOP)
        for path in [desktop.url, "/ressources/?theme=handicap", "/rechercher/?q=rencontre", "/"]:
            axe_page.goto(path if path.startswith("http") else live_server.url + path)
            settle(axe_page)
            assert_no_axe_violations(axe_page)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_home_paths_and_list_pages_pass_axe(live_server, catalogue, browser, viewport):
    context, page = new_axe_page(browser)
    try:
        page.set_viewport_size(viewport)
        for path in ["/", "/ressources/", "/agenda/?format=en-ligne", "/recherche/publications/"]:
            page.goto(live_server.url + path)
            settle(page)
            assert_no_axe_violations(page)
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Se former, financer, évoluer").click()
        page.wait_for_url(re.compile(r"/se-former/$"))
    finally:
        context.close()


def test_phone_content_revealed_by_a_control_is_reached_by_the_keyboard(
    live_server, catalogue, phone
):
    """RGAA 12.11: the breadcrumb's « Voir le fil d'Ariane », « Filtrer » and a facet's
    « Voir plus » each open with the keyboard alone, and what they reveal takes the focus next."""
    page = phone
    page.goto(live_server.url + "/ressources/")
    settle(page)

    crumb = page.get_by_role("button", name="Voir le fil d’Ariane")
    crumb.focus()
    page.keyboard.press("Enter")
    # The DSFR script opens the breadcrumb and may move the focus into it itself, before or
    # after our next key: the focus is then inside the revealed list, or one Tab away from it.
    page.wait_for_selector('.fr-breadcrumb__button[aria-expanded="true"]', state="attached")
    inside = "document.activeElement.closest('#fil-ariane') !== null"
    if not page.evaluate(inside):
        page.keyboard.press("Tab")
    assert page.evaluate(inside)
    assert page.locator("#fil-ariane").get_by_role("link", name="Accueil").is_visible()

    toggle = page.get_by_role("button", name=re.compile(r"^Filtrer"))
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    more = page.locator("#facette-theme summary")
    more.focus()
    page.keyboard.press("Enter")
    assert page.locator("#facette-theme details").evaluate("(d) => d.open")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('details') !== null")
    assert focused  # the first hidden choice, now shown
    assert_clean(page)
