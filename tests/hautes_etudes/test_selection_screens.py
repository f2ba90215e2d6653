"""The secretariat's screens in French and to the point: the list's five columns, the région
filter, a refused move shown alone, Django's messages with the right gender and elision, the
weights said as coefficients, French CSV headers on both pillars."""

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from applications.models import ApplicationStatus
from hautes_etudes.models import Review
from resources.models import Territory
from tests.factories import UserFactory
from tests.hautes_etudes.test_selection import submitted
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db
LIST = "/admin/hautes_etudes/application/"


def logged(user):
    client = Client()
    verified_login(client, user)
    return client


def text(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_list_shows_the_five_columns_that_matter(edition, secretary):
    submitted(edition, 1)
    html = text(logged(secretary).get(LIST))
    headers = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', html)
    assert headers == ["reference", "applicant_name", "status", "average_display", "review_count"]
    assert "DIALLO Awa" in html


def test_the_region_filter_lists_the_regions_alone(edition, secretary):
    submitted(edition, 1)
    html = text(logged(secretary).get(LIST))
    links = set(re.findall(r'href="\?region__id__exact=(\d+)"', html))
    regions = set(map(str, Territory.objects.regions().values_list("pk", flat=True)))
    assert links == regions and 10 < len(links) < 20
    assert "Gironde" not in html  # a département


def test_an_illegal_move_shows_only_the_french_refusal(edition, secretary):
    application = submitted(edition, 1)
    response = logged(secretary).post(
        LIST,
        {"action": "mark_interview", "_selected_action": [application.pk]},
        follow=True,
    )
    html = text(response)
    assert "0 candidature" not in html
    assert (
        "1 candidature laissée en l'état : le statut « Entretien » n'est pas possible "
        "depuis son statut actuel." in html
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_legal_move_is_said_with_its_agreement(edition, secretary):
    applications = [submitted(edition, n) for n in range(2)]
    response = logged(secretary).post(
        LIST,
        {"action": "mark_complete", "_selected_action": [a.pk for a in applications]},
        follow=True,
    )
    assert "2 candidatures passent au statut « Complète »." in text(response)


def test_admin_messages_have_gender_and_elision(edition, committee, secretary):
    application = submitted(edition, 1)
    review = Review.objects.create(application=application, reviewer=committee[0])
    member = logged(committee[0])
    url = f"/admin/hautes_etudes/review/{review.pk}/change/"
    saved = text(member.post(url, {"has_conflict": "0"}, follow=True))
    assert f"L'évaluation « {review} » a été modifiée." in saved
    assert "L'objet" not in saved and "avec succès" not in saved
    scoring = text(member.get(url))
    assert "Parcours (coefficient 2)" in scoring and "Motivation (coefficient 1)" in scoring
    assert "×" not in scoring
    change = logged(secretary).get(f"{LIST}{application.pk}/change/")
    assert add_texts(change)[0] == "Assigner un autre membre du comité"
    assert not [t for t in add_texts(change) if "objet" in t or "supplémentaire" in t]


def add_texts(response):
    """The « add another » link of each inline, as the admin's JavaScript reads it."""
    return [
        json.loads(unescape(data))["options"]["addText"]
        for data in re.findall(r'data-inline-formset="([^"]+)"', response.content.decode())
    ]


def test_inlines_say_add_in_french(edition, secretary):
    curator = UserFactory(staff=True)
    curator.groups.add(Group.objects.get(name="Curateurs"))
    url = f"/admin/hautes_etudes/edition/{edition.pk}/change/"
    assert add_texts(logged(curator).get(url)) == ["Ajouter une ligne"]  # sessions
    assert add_texts(logged(secretary).get(url))[:3] == [
        "Ajouter une ligne",
        "Ajouter un critère",
        "Ajouter un objectif",
    ]
