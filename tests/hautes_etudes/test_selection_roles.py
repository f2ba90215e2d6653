"""The selection by its real roles: the secretariat assigns committee members by name (one
application or many), reads history, ranking and balance one click away; a member downloads
the documents of their own review (logged) and sees the averages once they scored; exports
neutralise formulas."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from applications.models import ApplicationAccess, ApplicationStatus
from applications.workflow import transition
from hautes_etudes.models import Application, Review
from tests.factories import UserFactory
from tests.hautes_etudes.test_selection import submitted
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db
LIST = "/admin/hautes_etudes/application/"


def logged(user):
    client = Client()
    verified_login(client, user)
    return client


def page(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def named_committee(committee):
    for member, (first, last) in zip(
        committee, [("Claire", "Durand"), ("Marc", "Lemoine"), ("Ana", "Silva")], strict=True
    ):
        member.first_name, member.last_name = first, last
        member.save()
    return committee


def test_assignment_lists_only_the_committee_by_full_name(edition, named_committee, secretary):
    application = submitted(edition, 1)
    curator = UserFactory(staff=True, first_name="Camille", last_name="Curatrice")
    curator.groups.add(Group.objects.get(name="Curateurs"))
    html = page(logged(secretary).get(f"{LIST}{application.pk}/change/"))
    assert "Claire Durand" in html and "Marc Lemoine" in html
    assert "Camille Curatrice" not in html and curator.username not in html
    assert "admin/autocomplete" not in html  # a plain select: nothing to refuse with a 403


def test_secretariat_assigns_two_members_to_many_applications(edition, named_committee, secretary):
    applications = [submitted(edition, n) for n in range(3)]
    ids = [a.pk for a in applications]
    client = logged(secretary)
    form = page(client.post(LIST, {"action": "assign_reviewers", "_selected_action": ids}))
    assert "Claire Durand" in form and applications[0].reference in form
    response = client.post(
        LIST,
        {
            "action": "assign_reviewers",
            "_selected_action": ids,
            "apply": "1",
            "reviewers": [named_committee[0].pk, named_committee[1].pk],
        },
    )
    assert response.status_code == 302
    assert Review.objects.count() == 6
    # Again: nobody is assigned twice.
    client.post(
        LIST,
        {
            "action": "assign_reviewers",
            "_selected_action": ids,
            "apply": "1",
            "reviewers": [named_committee[0].pk],
        },
    )
    assert Review.objects.count() == 6
    refused = client.post(
        LIST, {"action": "assign_reviewers", "_selected_action": ids, "apply": "1"}
    )
    assert "Choisissez au moins un membre du comité." in page(refused)


def test_member_downloads_documents_of_their_review_and_it_is_logged(edition, committee):
    application = submitted(edition, 1)
    review = Review.objects.create(application=application, reviewer=committee[0])
    client = logged(committee[0])
    url = f"/admin/hautes_etudes/review/{review.pk}/change/"
    cv = application.attachments.get(slot="cv")
    download = f"/admin/hautes_etudes/review/{review.pk}/fichiers/{cv.pk}/"
    assert client.get(download).status_code == 404  # no conflict declared yet
    client.post(url, {"has_conflict": "0"})
    assert download in page(client.get(url))
    response = client.get(download)
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert ApplicationAccess.objects.filter(user=committee[0], action="téléchargement cv").exists()
    # Another member cannot use that review's link.
    assert logged(committee[1]).get(download).status_code == 404


def test_member_sees_the_average_only_once_they_scored(edition, committee):
    application = submitted(edition, 1)
    Review.objects.create(
        application=application, reviewer=committee[1], has_conflict=False, score=12
    )
    review = Review.objects.create(application=application, reviewer=committee[0])
    client = logged(committee[0])
    url = f"/admin/hautes_etudes/review/{review.pk}/change/"
    client.post(url, {"has_conflict": "0"})
    assert "Visible une fois votre évaluation enregistrée." in page(client.get(url))
    criteria = list(edition.criteria.order_by("pk"))
    client.post(
        url, {f"score_{criteria[0].pk}": "5", f"score_{criteria[1].pk}": "5", "comment": ""}
    )
    assert "16,00 /20 sur 2 évaluation(s)" in page(client.get(url))


def test_ranking_shows_equal_averages_ex_aequo_and_is_linked(edition, committee, secretary):
    applications = [submitted(edition, n) for n in range(3)]
    for application, score in zip(applications, (15, 15, 12), strict=True):
        Review.objects.create(
            application=application, reviewer=committee[0], has_conflict=False, score=score
        )
    client = logged(secretary)
    ranking = page(client.get(f"{LIST}classement/"))
    assert re.findall(r"<tr><td>([^<]*)</td>", ranking)[:3] == ["1 ex aequo", "1 ex aequo", "3"]
    for html in (page(client.get(LIST)), page(client.get("/admin/"))):
        assert f'href="{LIST}classement/"' in html and f'href="{LIST}composition/"' in html
    # The ranking belongs to the secretariat: a member neither sees it linked nor reaches it.
    assert f'href="{LIST}classement/"' not in page(logged(committee[0]).get("/admin/"))
    assert logged(committee[0]).get(f"{LIST}classement/").status_code == 404


def test_history_is_shown_to_staff_and_to_the_applicant(edition, secretary):
    application = submitted(edition, 1)
    transition(
        application=application,
        to=ApplicationStatus.COMPLETE,
        by=secretary,
        note="Pièces vérifiées",
    )
    html = page(logged(secretary).get(f"{LIST}{application.pk}/change/"))
    assert "Pièces vérifiées" in html and "Complète" in html


def test_csv_export_neutralises_formulas(edition, secretary):
    application = submitted(edition, 1)
    Application.objects.filter(pk=application.pk).update(
        last_name='=HYPERLINK("http://evil")', first_name="@SUM(A1)"
    )
    response = logged(secretary).post(
        LIST, {"action": "export_csv", "_selected_action": [application.pk]}
    )
    row = response.content.decode("utf-8-sig").splitlines()[1].split(";")
    assert row[1] == '"\'=HYPERLINK(""http://evil"")"' and row[2] == "'@SUM(A1)"


def _queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_selection_pages_run_a_constant_number_of_queries(
    edition, committee, secretary, django_assert_max_num_queries
):
    first = submitted(edition, 0)
    Review.objects.create(application=first, reviewer=committee[0], has_conflict=False, score=10)
    client = logged(secretary)
    urls = [
        LIST,
        f"{LIST}classement/",
        f"{LIST}composition/",
        f"{LIST}courriels/",
        "/admin/hautes_etudes/review/",
    ]
    for url in urls:  # once first: what the process caches (site config, content types…)
        client.get(url)
    one = {url: _queries(client, url, django_assert_max_num_queries, 40) for url in urls}
    for n in range(1, 6):
        application = submitted(edition, n)
        transition(application=application, to=ApplicationStatus.SHORTLISTED, by=secretary)
        for member in committee:
            Review.objects.create(
                application=application, reviewer=member, has_conflict=False, score=n
            )
    many = {url: _queries(client, url, django_assert_max_num_queries, 40) for url in urls}
    assert many == one
