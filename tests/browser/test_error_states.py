"""Each page in error, in Chromium: its title starts with « Erreur », its form shows the error
summary, every aria-describedby/aria-labelledby names an element of the page, and axe-core finds
no violation. Alert, feedback, « Se former », the first application step, the employer's answer,
invalid employer and place links, and the CSRF failure page. The audit grid cites this file
(criteria 8.6 and 11.11)."""

import pytest

from hautes_etudes import services
from hautes_etudes.demo import load_hautes_etudes_demo
from hautes_etudes.models import Application
from resources.training.demo import load_training_demo
from tests.browser.support import assert_no_axe_violations, settle, start_application
from tests.factories import ResourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]

_MISSING_IDS = """() => [...document.querySelectorAll("[aria-describedby], [aria-labelledby]")]
  .flatMap((e) => ((e.getAttribute("aria-describedby") || "") + " "
                   + (e.getAttribute("aria-labelledby") || "")).split(/\\s+/))
  .filter((id) => id && !document.getElementById(id))"""


def check_error_state(page, what, summary=True):
    settle(page)
    assert page.title().startswith("Erreur — "), (what, page.title())
    if summary:
        assert page.locator("#erreurs-formulaire").count() == 1, what
        assert page.evaluate("document.activeElement.id") == "erreurs-formulaire", what
    assert page.evaluate(_MISSING_IDS) == [], what
    assert_no_axe_violations(page)


def test_pages_in_error_are_titled_summarised_and_clean(live_server, axe_page):
    page, base = axe_page, live_server.url
    resource = ResourceFactory(title="Guide de l'aller-vers")
    load_training_demo()
    load_hautes_etudes_demo()

    page.goto(base + "/alertes/?scope=resources")
    page.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    page.get_by_role("button", name="M'abonner").click()
    check_error_state(page, "alerte")

    page.goto(base + resource.get_absolute_url())
    page.get_by_role("button", name="Envoyer mon avis").click()
    check_error_state(page, "avis")

    page.goto(base + "/se-former/")
    page.get_by_role("button", name="Voir où se former").click()
    check_error_state(page, "se-former")
    assert page.get_by_text("Choisissez le diplôme que vous voulez préparer.").count() == 2

    page.goto(base + "/hautes-etudes/candidater/")
    page.get_by_label("Votre adresse électronique").fill("x")
    page.get_by_role("button", name="Commencer ma candidature").click()
    check_error_state(page, "candidature")

    start_application(page, base, "employeur@example.fr")
    application = Application.objects.get(email="employeur@example.fr")
    application.data = {**application.data, "employer_email": "drh@example.fr"}
    application.save()
    raw = services.ask_employer(application=application)
    page.goto(f"{base}/hautes-etudes/accord-employeur/{raw}/")
    page.get_by_text("Je refuse").click()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    check_error_state(page, "accord-employeur")

    for path in ["/hautes-etudes/accord-employeur/faux/", "/hautes-etudes/candidater/place/faux/"]:
        response = page.goto(base + path)
        assert response.status == 404, path
        check_error_state(page, path, summary=False)


def test_a_form_sent_without_its_csrf_cookie_gets_the_sites_french_page(live_server, axe_page):
    page = axe_page
    load_hautes_etudes_demo()
    page.goto(live_server.url + "/hautes-etudes/candidater/")
    page.context.clear_cookies()  # an expired session: the CSRF cookie is gone
    page.get_by_label("Votre adresse électronique").fill("csrf@example.fr")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Commencer ma candidature").click()

    assert posted.value.status == 403
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("h1").inner_text() == "Formulaire expiré"
    check_error_state(page, "csrf", summary=False)
