"""The committee and the secretariat: conflicts, scores, ranking, decisions, balance, and
who may read what."""

import datetime
from html import unescape

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from applications import places
from applications.models import ApplicationAccess, ApplicationStatus
from hautes_etudes.models import Application, Criterion, DecisionTemplate, Review, Target
from resources.models import Territory
from tests.factories import UserFactory
from tests.hautes_etudes.conftest import fill_all, link_from, start
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db
CATEGORIES = [
    "state_executive",
    "local_executive",
    "association_executive",
    "elected",
    "journalist",
    "field",
]


def submitted(edition, n, **fields):
    browser = Client()
    start(browser, email=f"candidat{n}@example.fr")
    fill_all(browser)
    assert browser.post("/hautes-etudes/candidater/recapitulatif/").status_code == 302
    application = Application.objects.get(email=f"candidat{n}@example.fr")
    if fields:
        Application.objects.filter(pk=application.pk).update(**fields)
        application.refresh_from_db()
    return application


def logged(user):
    client = Client()
    verified_login(client, user)
    return client


def page(response):
    return unescape(response.content.decode())


def test_committee_declares_conflicts_before_reading_then_scores(edition, committee, secretary):
    edition.blind_review = True
    edition.save()
    application = submitted(edition, 1)
    member = committee[0]
    review = Review.objects.create(application=application, reviewer=member)
    client = logged(member)
    url = f"/admin/hautes_etudes/review/{review.pk}/change/"

    before = page(client.get(url))
    assert "Avez-vous un conflit d'intérêts" in before
    assert "Département de la Gironde" not in before and "Diallo" not in before
    assert not ApplicationAccess.objects.exists()

    response = client.post(url, {"has_conflict": "1", "conflict_reason": ""})
    assert "Précisez la nature du conflit." in page(response)
    client.post(url, {"has_conflict": "0", "conflict_reason": ""})
    review.refresh_from_db()
    assert review.has_conflict is False and review.declared_at is not None

    reading = page(client.get(url))
    assert "Je dirige un service d'aide sociale" in reading  # the motivation is shown
    assert "Diallo" not in reading and "Département de la Gironde" not in reading  # blind
    assert "Phase anonyme" in reading
    assert ApplicationAccess.objects.filter(user=member, action="évaluation").count() == 1

    criteria = list(Criterion.objects.order_by("pk"))
    response = client.post(
        url,
        {
            f"score_{criteria[0].pk}": "5",
            f"score_{criteria[1].pk}": "2",
            "comment": "Parcours solide.",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    # (5/5*20*2 + 2/5*20*1) / 3 = (40 + 8) / 3 = 16
    assert str(review.score) == "16.00"


def test_members_see_only_their_reviews_and_a_conflicted_member_cannot_read(
    edition, committee, secretary
):
    application = submitted(edition, 1)
    mine = Review.objects.create(application=application, reviewer=committee[0])
    theirs = Review.objects.create(
        application=application,
        reviewer=committee[1],
        has_conflict=True,
        conflict_reason="Même employeur",
        declared_at=timezone.now(),
    )
    client = logged(committee[0])
    listing = page(client.get("/admin/hautes_etudes/review/"))
    assert f"/admin/hautes_etudes/review/{mine.pk}/change/" in listing
    assert f"/admin/hautes_etudes/review/{theirs.pk}/change/" not in listing
    assert client.get(f"/admin/hautes_etudes/review/{theirs.pk}/change/").status_code == 302
    conflicted = logged(committee[1])
    html = page(conflicted.get(f"/admin/hautes_etudes/review/{theirs.pk}/change/"))
    assert "Je dirige un service" not in html
    # Committee members never open the applications themselves.
    assert client.get(f"/admin/hautes_etudes/application/{application.pk}/change/").status_code in (
        302,
        403,
    )


def test_committee_scores_a_dozen_and_reads_ranking_and_balance(edition, committee, secretary):
    regions = list(Territory.objects.regions().order_by("slug")[:4])
    applications = [
        submitted(
            edition,
            n,
            category=CATEGORIES[n % 6],
            region=regions[n % 4],
            employer_kind=["state", "local", "association"][n % 3],
        )
        for n in range(12)
    ]
    criteria = list(Criterion.objects.order_by("pk"))
    for n, application in enumerate(applications):
        for k, member in enumerate(committee):
            review = Review.objects.create(application=application, reviewer=member)
            client = logged(member)
            url = f"/admin/hautes_etudes/review/{review.pk}/change/"
            client.post(url, {"has_conflict": "0"})
            client.post(
                url,
                {
                    f"score_{criteria[0].pk}": str((n + k) % 6),
                    f"score_{criteria[1].pk}": str(n % 6),
                    "comment": "",
                },
            )
    assert Review.objects.exclude(score=None).count() == 36

    ranking_url = "/admin/hautes_etudes/application/classement/"
    assert logged(committee[0]).get(ranking_url).status_code == 404
    ranking = page(logged(secretary).get(ranking_url))
    references = [a.reference for a in applications]
    positions = sorted(references, key=ranking.index)
    averages = {a.reference: sum(r.score for r in a.reviews.all()) / 3 for a in applications}
    assert positions[0] == max(averages, key=averages.get)
    assert "Diallo" not in ranking

    secretariat = logged(secretary)
    listing = secretariat.get("/admin/hautes_etudes/application/?o=-6")
    assert listing.status_code == 200
    Target.objects.create(edition=edition, dimension="category", value="elected", target=5)
    ids = [a.pk for a in applications[:4]]
    secretariat.post(
        "/admin/hautes_etudes/application/", {"action": "mark_shortlisted", "_selected_action": ids}
    )
    secretariat.post(
        "/admin/hautes_etudes/application/",
        {"action": "mark_accepted", "_selected_action": ids[:2]},
    )
    balance = page(secretariat.get("/admin/hautes_etudes/application/composition/"))
    assert "Cadre supérieur de l'État" in balance and "Élu" in balance
    assert "Catégorie de public" in balance and "Région" in balance
    composition = "/admin/hautes_etudes/application/composition/"
    assert logged(committee[0]).get(composition).status_code == 404


def test_secretariat_moves_statuses_and_sends_decisions_from_templates(edition, secretary):
    applications = [submitted(edition, n) for n in range(3)]
    DecisionTemplate.objects.create(
        status="rejected",
        subject="Votre candidature $reference",
        body="Bonjour $nom,\nnon retenue ($titre).",
    )
    client = logged(secretary)
    mail.outbox = []
    client.post(
        "/admin/hautes_etudes/application/",
        {"action": "mark_rejected", "_selected_action": [applications[0].pk]},
    )
    assert len(mail.outbox) == 1  # the move sends its message
    message = mail.outbox[0]
    assert message.subject == f"Votre candidature {applications[0].reference}"
    assert "Bonjour Awa Diallo," in message.body and "Promotion test" in message.body
    applications[0].refresh_from_db()
    assert applications[0].decision_sent_at is not None
    client.post(
        "/admin/hautes_etudes/application/",
        {"action": "send_decision", "_selected_action": [a.pk for a in applications]},
    )
    assert len(mail.outbox) == 2  # the two others' status sends nothing
    again = mail.outbox[1]
    assert (again.subject, again.body, again.to) == (message.subject, message.body, message.to)
    assert again.extra_headers["Message-ID"] != message.extra_headers["Message-ID"]

    response = client.post(
        "/admin/hautes_etudes/application/",
        {"action": "export_csv", "_selected_action": [a.pk for a in applications]},
    )
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0] == (
        "Référence;Nom;Prénom;Catégorie de public;Nature de l'employeur;Région;Statut;Moyenne /20"
    )
    assert len(rows) == 4

    client.get(f"/admin/hautes_etudes/application/{applications[1].pk}/change/")
    attachment = applications[1].attachments.get(slot="cv")
    download = client.get(
        f"/admin/hautes_etudes/application/{applications[1].pk}/fichiers/{attachment.pk}/"
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    actions = set(ApplicationAccess.objects.filter(user=secretary).values_list("action", flat=True))
    assert actions == {"consultation", "téléchargement cv"}


def test_only_committee_and_secretariat_read_applications(edition, committee, secretary):
    application = submitted(edition, 1)
    attachment = application.attachments.first()
    curator = UserFactory(staff=True)
    from django.contrib.auth.models import Group

    curator.groups.add(Group.objects.get(name="Curateurs"))
    urls = [
        f"/admin/hautes_etudes/application/{application.pk}/change/",
        f"/admin/hautes_etudes/application/{application.pk}/fichiers/{attachment.pk}/",
        "/admin/hautes_etudes/application/",
    ]
    for url in urls:
        assert logged(curator).get(url).status_code in (302, 403, 404), url
        assert Client().get(url).status_code == 302, url
        response = logged(secretary).get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)  # read it: the file is closed


def test_declined_place_goes_to_the_waiting_list(
    edition, committee, django_capture_on_commit_callbacks
):
    accepted = submitted(edition, 1)
    waiting = [submitted(edition, n, status=ApplicationStatus.WAITING_LIST) for n in (2, 3)]
    Review.objects.create(
        application=waiting[1], reviewer=committee[0], has_conflict=False, score=18
    )
    Review.objects.create(
        application=waiting[0], reviewer=committee[0], has_conflict=False, score=11
    )
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        places.accept(application=accepted, by=None)
    link = link_from(mail.outbox[0])
    assert mail.outbox[0].to == [accepted.email]
    assert link.startswith("/hautes-etudes/candidater/place/")
    client = Client()
    assert "Confirmez votre place avant le" in page(client.get(link))
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"place": "renoncer"})

    accepted.refresh_from_db()
    waiting[1].refresh_from_db()
    assert accepted.status == ApplicationStatus.WITHDRAWN
    assert waiting[1].status == ApplicationStatus.ACCEPTED  # the best average goes first
    assert waiting[1].confirm_before > timezone.now()
    released, promoted = mail.outbox
    assert released.to == [accepted.email] and "votre place est libérée" in released.subject
    assert promoted.to == [waiting[1].email]
    assert "Une place s'est libérée" in promoted.body
    assert link_from(promoted).startswith("/hautes-etudes/candidater/place/")
    assert "Cette place n'est plus à confirmer" in page(client.get(link))


def test_unconfirmed_places_expire_to_the_waiting_list(edition):
    accepted = submitted(edition, 1)
    waiting = submitted(edition, 2, status=ApplicationStatus.WAITING_LIST)
    places.accept(application=accepted, by=None)
    Application.objects.filter(pk=accepted.pk).update(
        confirm_before=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("expire_unconfirmed_places")
    accepted.refresh_from_db()
    waiting.refresh_from_db()
    assert accepted.status == ApplicationStatus.WITHDRAWN
    assert waiting.status == ApplicationStatus.ACCEPTED
    assert list(accepted.events.values_list("source", "target", "note")) == [
        ("draft", "submitted", ""),
        ("submitted", "accepted", ""),
        ("accepted", "withdrawn", "Place non confirmée dans le délai."),
    ]


def test_confirmation_in_time_from_the_emailed_link(edition, django_capture_on_commit_callbacks):
    accepted = submitted(edition, 1)
    secretary = UserFactory(staff=True)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        places.accept(application=accepted, by=secretary)
    link = link_from(mail.outbox[0])
    response = Client().post(link, {"place": "confirmer"})
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == ApplicationStatus.CONFIRMED and accepted.confirmed_at is not None
    assert accepted.events.get(target="accepted").by == secretary


def test_retenir_from_the_admin_sets_a_deadline_and_emails_the_link(
    edition, secretary, django_capture_on_commit_callbacks
):
    application = submitted(edition, 1)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        logged(secretary).post(
            "/admin/hautes_etudes/application/",
            {"action": "mark_accepted", "_selected_action": [application.pk]},
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert (
        application.confirm_before.date()
        == (timezone.now() + datetime.timedelta(days=edition.confirmation_days)).date()
    )
    assert len(mail.outbox) == 1
    assert "/hautes-etudes/candidater/place/" in mail.outbox[0].body
