"""Pages showing an error say so first: their title starts with « Erreur » (RGAA 8.6), the form
has its error summary, every aria-describedby names an id of the page, and each message is the
field's own, not Django's « Ce champ est obligatoire. ». Invalid employer and place links answer
404 under a title saying what failed; a form sent without its CSRF token gets the site's page."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from hautes_etudes import services
from hautes_etudes.demo import load_hautes_etudes_demo
from hautes_etudes.models import Application
from resources.training.demo import load_training_demo
from tests.factories import ResourceFactory, UserFactory
from tests.helpers import open_emailed_link

pytestmark = pytest.mark.django_db


def title(response):
    return unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1))


def missing_described_ids(response):
    html = response.content.decode()
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    described = re.findall(r'aria-(?:describedby|labelledby)="([^"]+)"', html)
    return sorted({i for value in described for i in value.split()} - ids)


def assert_error_page(response, status=200, summary=True):
    assert response.status_code == status
    assert title(response).startswith("Erreur — "), title(response)
    if summary:
        assert 'id="erreurs-formulaire"' in response.content.decode()
    assert missing_described_ids(response) == []
    assert "Ce champ est obligatoire." not in unescape(response.content.decode())


def test_alert_form_in_error(client):
    assert_error_page(client.post("/alertes/", {"email": "x", "scope": "resources"}), status=400)


def test_feedback_form_in_error(client):
    resource = ResourceFactory()

    assert_error_page(client.post(f"/ressources/{resource.slug}/avis/", {}), status=400)


def test_training_finder_in_error_has_its_summary_and_own_messages(client):
    load_training_demo()

    response = client.get("/se-former/?diplome=&departement=")

    assert_error_page(response)
    html = unescape(response.content.decode())
    assert "Choisissez le diplôme que vous voulez préparer." in html
    assert "Choisissez le département où vous voulez vous former." in html
    assert 'href="#id_diplome"' in html and 'href="#id_departement"' in html


def test_first_application_step_in_error(client):
    load_hautes_etudes_demo()

    assert_error_page(client.post("/hautes-etudes/candidater/", {"email": "x"}))


def _application_with_employer(client):
    load_hautes_etudes_demo()
    client.post("/hautes-etudes/candidater/", {"email": "erreur@example.fr"})
    open_emailed_link(client)
    application = Application.objects.get(email="erreur@example.fr")
    application.data = {**application.data, "employer_email": "drh@example.fr"}
    application.save()
    return application


def test_employer_agreement_in_error_has_its_summary(client):
    application = _application_with_employer(client)
    raw = services.ask_employer(application=application)

    response = client.post(f"/hautes-etudes/accord-employeur/{raw}/", {"answer": "refus"})

    assert_error_page(response)


def test_invalid_employer_and_place_links_answer_404_with_their_own_titles(client):
    employer = client.get("/hautes-etudes/accord-employeur/faux/")
    place = client.get("/hautes-etudes/candidater/place/faux/")

    assert (employer.status_code, place.status_code) == (404, 404)
    assert title(employer).startswith("Erreur — Lien d'accord de l'employeur invalide — ")
    assert title(place).startswith("Erreur — Lien de confirmation de place invalide — ")


def test_two_factor_page_in_error(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = UserFactory(staff=True)
    user.groups.add(Group.objects.get_or_create(name="Comité de sélection")[0])
    client.force_login(user)
    client.get(reverse("admin:two_factor"))

    response = client.post(reverse("admin:two_factor"), {"token": "000000", "next": "/admin/"})

    assert response.status_code == 200
    assert title(response).startswith("Erreur — Double authentification")


def test_csrf_failure_is_the_sites_french_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/hautes-etudes/candidater/", {"email": "a@example.fr"})

    assert_error_page(response, status=403, summary=False)
    html = response.content.decode()
    assert '<html lang="fr"' in html and "fr-header" in html
    assert title(response).startswith("Erreur — Formulaire expiré — ")
