"""The RGAA sample of docs/accessibility/audit.toml in a real Chromium: every page and every
state (forms in error, engagement pages, the 429 page) has zero axe-core violations, a non-empty
title, <h1> and breadcrumb, headings without skipped levels, and no sideways scroll at 320 px.
The audit grid cites this file for criteria 6.2, 8.6, 9.1, 10.11, 11.1…"""

import pytest
from django.core.cache import cache

from hautes_etudes.demo import load_hautes_etudes_demo
from resources.agenda.demo import load_agenda_demo
from resources.agenda.models import Event
from resources.observatory.demo import load_observatory_demo
from resources.observatory.models import Dataset
from resources.training.demo import load_training_demo
from tests.browser.support import (
    assert_no_axe_violations,
    new_axe_page,
    settle,
    start_application,
)
from tests.factories import OrganisationFactory, ResourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]

# Checks axe-core does not make: one <h1>, no skipped heading level, a page title, a current
# breadcrumb item and an <h1> that say something.
_STRUCTURE = """() => {
  const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter((h) => h.offsetParent !== null || h.closest("dialog") === null)
    .filter((h) => !h.closest("dialog"))
    .map((h) => Number(h.tagName[1]));
  const skipped = levels.filter((level, i) => i > 0 && level > levels[i - 1] + 1);
  const h1 = document.querySelector("h1");
  const crumb = document.querySelector(".fr-breadcrumb [aria-current=page]");
  return {
    h1Count: levels.filter((level) => level === 1).length,
    h1: h1 ? h1.textContent.trim() : "",
    title: document.title.split(" — ")[0].trim(),
    crumb: crumb ? crumb.textContent.trim() : null,
    skipped: skipped.length,
  };
}"""


@pytest.fixture
def sample():
    """Content for the 15 pages of the sample; returns their paths."""
    OrganisationFactory.create_batch(2)
    resource = ResourceFactory(title="Guide de l'aller-vers")
    load_agenda_demo()
    load_training_demo()
    load_observatory_demo()
    load_hautes_etudes_demo()
    return {
        "accueil": "/",
        "ressources": "/ressources/?q=aller",
        "recherche": "/rechercher/?q=aller-vers",
        "ressource": resource.get_absolute_url(),
        "agenda": "/agenda/",
        "evenement": Event.objects.order_by("starts_at").first().get_absolute_url(),
        "se-former": "/se-former/?diplome=dees&departement=33-gironde",
        "observatoire": Dataset.objects.first().get_absolute_url(),
        "alerte": "/alertes/?scope=resources&query=q%3Daller&label=Aller-vers",
        "candidature": "/hautes-etudes/candidater/",
        "accessibilite": "/accessibilite/",
        "donnees-personnelles": "/donnees-personnelles/",
        "plan-du-site": "/plan-du-site/",
        # Pages outside the 15 but reached from them.
        "schema": "/accessibilite/schema-pluriannuel/",
        "plan-actions": "/accessibilite/plan-d-actions/",
        "lien-invalide": "/alertes/confirmer/faux/",
        "desabonnement-invalide": "/alertes/desabonner/faux/",
        "se-former-diplome": "/se-former/diplomes/dees/",
    }


def check_state(page, what):
    """axe-core and the page's structure, as the page is now."""
    settle(page)
    structure = page.evaluate(_STRUCTURE)
    assert structure["h1Count"] == 1, (what, structure)
    assert structure["h1"] and structure["title"], (what, structure)
    assert structure["crumb"] is None or structure["crumb"], (what, structure)
    assert structure["skipped"] == 0, (what, structure)
    assert_no_axe_violations(page)


def error_states(page, base, resource_path):
    """Yield a name for each form state in error, the page showing it."""
    page.goto(base + "/alertes/?scope=resources")
    page.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    page.get_by_role("button", name="M'abonner").click()
    yield "alerte-erreurs"
    page.goto(base + resource_path)
    page.get_by_role("button", name="Envoyer mon avis").click()
    yield "avis-erreurs"
    page.goto(base + "/se-former/?diplome=inconnu&departement=")
    yield "se-former-erreurs"
    page.goto(base + "/hautes-etudes/candidater/")
    page.get_by_label("Votre adresse électronique").fill("x")
    page.get_by_role("button", name="Commencer ma candidature").click()
    yield "candidature-erreurs"
    start_application(page, base, "audit@example.fr")
    page.goto(base + "/hautes-etudes/candidater/etapes/situation/")
    yield "candidature-situation"
    page.get_by_role("button", name="Enregistrer et continuer").click()
    yield "candidature-situation-erreurs"
    page.goto(base + "/hautes-etudes/candidater/recapitulatif/")
    yield "recapitulatif"


def test_sample_pages_have_no_axe_violation_and_a_sound_structure(live_server, sample, axe_page):
    for name, path in sample.items():
        response = axe_page.goto(live_server.url + path)
        assert response.status in (200, 404), (name, response.status)
        check_state(axe_page, name)
    for name in error_states(axe_page, live_server.url, sample["ressource"]):
        check_state(axe_page, name)


def test_too_many_requests_page_is_titled_and_clean(live_server, sample, axe_page):
    cache.clear()  # the rate limit counts in the (local memory) cache
    for _ in range(3):  # three opinions a day per resource
        axe_page.request.post(
            live_server.url + sample["ressource"] + "avis/", form={"useful": "oui"}
        )
    axe_page.goto(live_server.url + sample["ressource"])
    with axe_page.expect_response(lambda r: r.request.method == "POST") as posted:
        axe_page.get_by_role("button", name="Envoyer mon avis").click()
    assert posted.value.status == 429
    assert axe_page.locator("h1").inner_text() == "Trop de demandes"
    assert axe_page.title().startswith("Trop de demandes — ")
    check_state(axe_page, "429")
    cache.clear()


def test_sample_pages_do_not_scroll_sideways_at_320_px(live_server, sample, browser):
    context, page = new_axe_page(browser)
    page.set_viewport_size({"width": 320, "height": 800})
    wide = []
    for name, path in sample.items():
        page.goto(live_server.url + path)
        settle(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide.append(f"{name}: {overflow} px")
    context.close()
    assert wide == []
