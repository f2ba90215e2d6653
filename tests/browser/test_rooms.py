"""The resource centre's rooms (agenda, se former, observatory, practices, modules) in a real
Chromium on demo content: no CSP problem, no console error, zero axe-core violations, and the
student's journey of the issue: Gironde, DEES, where to train and how to fund it."""

import re

import pytest

from hautes_etudes.demo import load_hautes_etudes_demo
from hautes_etudes.models import Edition
from research.calls.demo import load_calls_demo
from research.calls.models import Call
from resources.agenda.demo import load_agenda_demo
from resources.agenda.models import Event
from resources.models import ResourceType
from resources.observatory.demo import load_observatory_demo
from resources.observatory.models import Dataset
from resources.training.demo import load_training_demo
from resources.training.models import Practice, TrainingModule, TrainingSchool
from tests.browser.support import assert_clean_load, axe_report, wait_for_attribute
from tests.factories import OrganisationFactory, ResourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def rooms():
    OrganisationFactory.create_batch(4)
    ResourceFactory.create_batch(
        2, resource_type=ResourceType.objects.get(slug="module-de-formation")
    )
    load_agenda_demo()
    load_training_demo()
    load_observatory_demo()
    load_calls_demo()
    load_hautes_etudes_demo()


def test_student_in_gironde_finds_a_school_and_funding(live_server, rooms, strict_page):
    page = strict_page
    assert_clean_load(page, live_server.url + "/se-former/")
    page.get_by_label("Le diplôme").select_option(
        label="DEES — Diplôme d'État d'éducateur spécialisé"
    )
    page.get_by_label("Votre département").select_option(value="33-gironde")
    page.get_by_role("button", name="Voir où se former").click()
    page.wait_for_url(re.compile(r"diplome=dees&departement=33-gironde"))
    heading = page.get_by_role("heading", name=re.compile("Préparer le DEES près de : Gironde"))
    assert heading.count() == 1
    answer = page.locator("section", has=heading)
    assert answer.locator(".fr-card").count() >= 2
    assert (
        answer.get_by_text("Bourse régionale des formations sociales — Nouvelle-Aquitaine").count()
        == 1
    )
    answer.locator(".fr-card a").first.click()
    page.wait_for_url(re.compile(r"/se-former/etablissements/"))
    assert page.get_by_role("link", name=re.compile("éducateur spécialisé")).count() == 1


def test_room_pages_have_no_csp_or_accessibility_problem(live_server, rooms, strict_page, axe_page):
    event = Event.objects.filter(departement__code="59").order_by("starts_at").first()
    module = TrainingModule.objects.select_related("resource").first()
    paths = [
        "/se-former/?diplome=dees&departement=33-gironde",
        "/se-former/?diplome=inconnu&departement=33-gironde",
        "/se-former/diplomes/deass/",
        "/se-former/etablissements/?region=nouvelle-aquitaine",
        TrainingSchool.objects.first().get_absolute_url(),
        "/pratiques-inspirantes/",
        Practice.objects.filter(contact_consent=True).first().get_absolute_url(),
        module.resource.get_absolute_url(),
        f"/ressources/{module.resource.slug}/module/imprimer/",
        "/agenda/?region=hauts-de-france",
        "/agenda/archives/",
        event.get_absolute_url(),
        "/territoires/",
        "/territoires/hauts-de-france/",
        Dataset.objects.first().get_absolute_url(),
        "/recherche/appels/",
        "/recherche/appels/?etat=clos",
        Call.objects.get(slug="recherches-actions-participatives-2026").get_absolute_url(),
        "/recherche/appels/recherches-actions-participatives-2026/candidater/",
        "/hautes-etudes/",
        Edition.objects.order_by("year").first().get_absolute_url(),
    ]
    urls = [live_server.url + path for path in paths]
    for url in urls:
        assert_clean_load(strict_page, url)

    # The module's chapters open with the DSFR accordion (its JavaScript runs under our CSP).
    strict_page.goto(live_server.url + module.resource.get_absolute_url())
    button = strict_page.get_by_role("button", name=re.compile("Chapitre 1"))
    button.click()
    wait_for_attribute(strict_page.locator(".fr-accordion__btn").first, "aria-expanded", "true")

    reports = [axe_report(axe_page, url) for url in urls]
    reports = [report for report in reports if report]
    assert not reports, "axe-core violations:\n" + "\n".join(reports)
