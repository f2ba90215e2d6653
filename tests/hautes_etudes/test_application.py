"""The applicant's side: from the email to the reference number, over two browsers."""

import datetime
import re
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from applications.models import ApplicationStatus
from core import links
from hautes_etudes.models import Application, Attachment, Edition
from tests.hautes_etudes.conftest import ANSWERS, MOTIVATION, fill_all, link_from, pdf, start

pytestmark = pytest.mark.django_db


def text(response):
    return unescape(response.content.decode())


def test_applies_over_two_days_from_two_browsers(
    client, edition, django_capture_on_commit_callbacks
):
    response = start(client)
    assert response.status_code == 302
    assert response["Location"] == "/hautes-etudes/candidater/etapes/identite/"
    assert len(mail.outbox) == 1
    link = link_from(mail.outbox[0])
    assert link.startswith("/hautes-etudes/candidater/reprendre/")

    # Day 1, browser 1: identity and situation.
    for step in ["identite", "situation"]:
        assert (
            client.post(f"/hautes-etudes/candidater/etapes/{step}/", ANSWERS[step]).status_code
            == 302
        )

    # Day 2, browser 2, through the emailed link: everything is there, the CV goes up.
    other = Client()
    response = other.get(link)
    assert response.status_code == 302
    page = text(other.get("/hautes-etudes/candidater/etapes/identite/"))
    assert 'value="Diallo"' in page
    other.post("/hautes-etudes/candidater/etapes/motivation/", ANSWERS["motivation"])
    other.post(
        "/hautes-etudes/candidater/etapes/documents/",
        {"cv": pdf(), "employer_agreement": pdf("accord.pdf")},
    )
    other.post("/hautes-etudes/candidater/etapes/consentement/", ANSWERS["consentement"])
    summary = text(other.get("/hautes-etudes/candidater/recapitulatif/"))
    assert "Département de la Gironde" in summary and "Collectivité territoriale" in summary

    with django_capture_on_commit_callbacks(execute=True):
        response = other.post("/hautes-etudes/candidater/recapitulatif/")
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.reference == "HE-2027-0001"
    assert application.status == ApplicationStatus.SUBMITTED
    assert (application.last_name, application.category, application.region.slug) == (
        "Diallo",
        "local_executive",
        "nouvelle-aquitaine",
    )
    assert application.experience_years == 12
    acknowledgement = mail.outbox[-1]
    assert "HE-2027-0001" in acknowledgement.subject and "HE-2027-0001" in acknowledgement.body
    assert acknowledgement.alternatives[0][1] == "text/html"

    # Browser 1 sees the status, and its change.
    assert "Déposée" in text(client.get("/hautes-etudes/candidater/suivi/"))
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SHORTLISTED)
    assert "Présélectionnée" in text(client.get("/hautes-etudes/candidater/suivi/"))


def test_references_are_consecutive(edition):
    for n in range(3):
        browser = Client()
        start(browser, email=f"candidat{n}@example.fr")
        fill_all(browser)
        browser.post("/hautes-etudes/candidater/recapitulatif/")
    assert sorted(Application.objects.values_list("reference", flat=True)) == [
        "HE-2027-0001",
        "HE-2027-0002",
        "HE-2027-0003",
    ]


def test_nothing_typed_or_uploaded_is_lost_on_a_validation_error(client, edition):
    start(client)
    too_long = "é" * 4500
    response = client.post("/hautes-etudes/candidater/etapes/motivation/", {"motivation": too_long})
    assert response.status_code == 200
    page = text(response)
    assert "Raccourcissez\u00a0: au plus 4000 caractères (vous en avez écrit 4500)" in page
    assert too_long in page
    # Back later: the text is still there.
    assert too_long in text(client.get("/hautes-etudes/candidater/etapes/motivation/"))

    # A valid CV is kept even though the employer's file is refused.
    response = client.post(
        "/hautes-etudes/candidater/etapes/documents/",
        {
            "cv": pdf(),
            "employer_agreement": pdf("accord.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "pas d'un format accepté" in text(response)
    assert list(Attachment.objects.values_list("slot", flat=True)) == ["cv"]
    assert "Document déjà déposé" in text(client.get("/hautes-etudes/candidater/etapes/documents/"))


def test_oversized_and_empty_uploads_get_a_french_message(client, edition):
    start(client)
    big = pdf(content=b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1))
    response = client.post("/hautes-etudes/candidater/etapes/documents/", {"cv": big})
    assert "Le fichier dépasse la taille maximale de 5\u00a0Mo." in text(response)
    response = client.post("/hautes-etudes/candidater/etapes/documents/", {"cv": pdf(content=b"")})
    assert response.status_code == 200
    assert not Attachment.objects.exists()


def test_incomplete_application_cannot_be_submitted(client, edition):
    start(client)
    client.post("/hautes-etudes/candidater/etapes/identite/", ANSWERS["identite"])
    response = client.post("/hautes-etudes/candidater/recapitulatif/")
    assert response.status_code == 200
    page = text(response)
    assert "La candidature est incomplète." in page
    assert "Curriculum vitae\u00a0: le document est manquant." in page
    assert Application.objects.get().status == ApplicationStatus.DRAFT


def test_double_submission_creates_one_application(
    client, edition, django_capture_on_commit_callbacks
):
    start(client)
    client.post("/hautes-etudes/candidater/", {"email": "awa.diallo@example.fr"})  # again
    fill_all(client)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/hautes-etudes/candidater/recapitulatif/")
        second = client.post("/hautes-etudes/candidater/recapitulatif/")
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    assert Application.objects.get().reference == "HE-2027-0001"
    acknowledgements = [m for m in mail.outbox if "HE-2027-0001" in m.subject]
    assert len(acknowledgements) == 1


def test_start_answers_the_same_for_a_known_and_a_new_address(client, edition):
    start(client)
    client.post("/hautes-etudes/candidater/etapes/identite/", ANSWERS["identite"])
    known = Client().post("/hautes-etudes/candidater/", {"email": "awa.diallo@example.fr"})
    new = Client().post("/hautes-etudes/candidater/", {"email": "autre@example.fr"})

    def notice(response):
        alert = re.search(r'<div class="fr-alert[^>]*role="status">.*?</div>', text(response))
        return alert.group(0).replace("awa.diallo@example.fr", "X").replace("autre@example.fr", "X")

    assert known.status_code == new.status_code == 200
    assert notice(known) == notice(new)
    assert "nous venons d'envoyer" in text(known).lower()
    assert Application.objects.count() == 2


def test_a_link_sent_again_keeps_earlier_links_working(client, edition, monkeypatch):
    start(client)
    client.post("/hautes-etudes/candidater/etapes/identite/", ANSWERS["identite"])
    first_link = link_from(mail.outbox[0])
    # Links are signed to the second: the second one is sent a minute later.
    later = links.now_stamp() + 60
    monkeypatch.setattr("applications.models.now_stamp", lambda: later)
    intruder = Client()
    intruder.post("/hautes-etudes/candidater/", {"email": "awa.diallo@example.fr"})
    assert intruder.get("/hautes-etudes/candidater/etapes/identite/").status_code == 302
    second_link = link_from(mail.outbox[-1])
    assert second_link != first_link
    for link in (first_link, second_link):
        response = Client().get(link)
        # Lands on the first step still to fill: identity is done, situation is next.
        assert response["Location"] == "/hautes-etudes/candidater/etapes/situation/"


def test_the_server_decides_when_applications_close(client, edition):
    start(client)
    fill_all(client)
    Edition.objects.filter(pk=edition.pk).update(
        applications_close_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.post("/hautes-etudes/candidater/recapitulatif/")
    assert response.status_code == 200
    assert "clos depuis le" in text(response) and "brouillon est conservé" in text(response)
    application = Application.objects.get()
    assert application.status == ApplicationStatus.DRAFT and application.reference is None
    assert application.data["last_name"] == "Diallo"
    # And a late step is not saved either.
    client.post(
        "/hautes-etudes/candidater/etapes/identite/", {**ANSWERS["identite"], "last_name": "Changé"}
    )
    assert Application.objects.get().data["last_name"] == "Diallo"
    assert "ne sont pas ouvertes" in text(Client().get("/hautes-etudes/candidater/"))


def test_bad_or_foreign_links_are_refused(client, edition):
    assert client.get("/hautes-etudes/candidater/reprendre/nimporte-quoi/").status_code == 404
    assert client.get("/hautes-etudes/candidater/reprendre/" + "x" * 500 + "/").status_code == 404
    assert client.get("/hautes-etudes/candidater/etapes/identite/").status_code == 302
    assert client.get("/hautes-etudes/candidater/etapes/inconnue/").status_code == 404


def test_applicant_withdraws(client, edition):
    start(client)
    fill_all(client)
    client.post("/hautes-etudes/candidater/recapitulatif/")
    response = client.post("/hautes-etudes/candidater/suivi/", {})
    assert "Cochez la case pour confirmer le retrait." in text(response)
    client.post("/hautes-etudes/candidater/suivi/", {"confirm": "on"})
    assert Application.objects.get().status == ApplicationStatus.WITHDRAWN
    assert "Retirée" in text(client.get("/hautes-etudes/candidater/suivi/"))


def _documents_with_employer(client, email="drh@gironde.example.fr", **extra):
    for step in ["identite", "situation", "motivation"]:
        client.post(f"/hautes-etudes/candidater/etapes/{step}/", ANSWERS[step])
    return client.post(
        "/hautes-etudes/candidater/etapes/documents/",
        {"cv": pdf(), "employer_email": email, **extra},
    )


def test_employer_is_asked_only_after_submission_with_the_name(client, edition):
    start(client)
    _documents_with_employer(client)
    assert not [m for m in mail.outbox if m.to == ["drh@gironde.example.fr"]]  # a draft
    client.post("/hautes-etudes/candidater/etapes/consentement/", ANSWERS["consentement"])
    assert client.post("/hautes-etudes/candidater/recapitulatif/").status_code == 302
    request = next(m for m in mail.outbox if m.to == ["drh@gironde.example.fr"])
    assert "Awa Diallo" in request.subject and "Awa Diallo candidate" in request.body

    employer = Client()
    link = link_from(request)
    assert "Awa Diallo" in text(employer.get(link))
    assert employer.post(link, {"answer": "accord"}).status_code == 302
    assert Application.objects.get().employer_agreed_at is not None
    assert employer.get("/hautes-etudes/accord-employeur/faux/").status_code == 404


def test_employer_asked_now_refuses_with_a_reason(client, edition):
    start(client)
    _documents_with_employer(client, rester="envoyer_employeur")
    request = next(m for m in mail.outbox if m.to == ["drh@gironde.example.fr"])
    employer = Client()
    link = link_from(request)
    response = employer.post(link, {"answer": "refus", "reason": ""})
    assert "Indiquez le motif du refus." in text(response)
    employer.post(link, {"answer": "refus", "reason": "Service en sous-effectif"})
    application = Application.objects.get()
    assert application.employer_agreed_at is None
    assert application.employer_refusal_reason == "Service en sous-effectif"
    page = text(client.get("/hautes-etudes/candidater/etapes/documents/"))
    assert "Service en sous-effectif" in page


def test_changing_the_employer_address_voids_the_agreement(client, edition):
    start(client)
    _documents_with_employer(client, email="moi-meme@example.fr", rester="envoyer_employeur")
    link = link_from(next(m for m in mail.outbox if m.to == ["moi-meme@example.fr"]))
    Client().post(link, {"answer": "accord"})
    assert Application.objects.get().employer_agreed_at is not None
    client.post(
        "/hautes-etudes/candidater/etapes/documents/", {"employer_email": "drh@gironde.example.fr"}
    )
    application = Application.objects.get()
    assert application.employer_agreed_at is None and application.employer_asked_at is None
    assert Client().get(link).status_code == 404  # the old link no longer answers


def test_employer_link_stops_after_withdrawal_and_expires(client, edition):
    start(client)
    _documents_with_employer(client, rester="envoyer_employeur")
    link = link_from(next(m for m in mail.outbox if m.to == ["drh@gironde.example.fr"]))
    Application.objects.update(employer_asked_at=timezone.now() - datetime.timedelta(days=31))
    assert Client().get(link).status_code == 404  # expired
    Application.objects.update(employer_asked_at=timezone.now(), status=ApplicationStatus.WITHDRAWN)
    assert Client().get(link).status_code == 404  # withdrawn


def test_eligibility_rule_warns_before_submitting(client, edition):
    edition.min_experience_years = 15
    edition.save()
    start(client)
    fill_all(client)
    page = text(client.get("/hautes-etudes/candidater/recapitulatif/"))
    assert "au moins 15 années d'expérience professionnelle\u202f; vous en déclarez 12" in page


def test_motivation_length_is_bounded_and_hostile_input_is_harmless(client, edition):
    start(client)
    for payload in [
        {"experience_years": "-3"},
        {"experience_years": "1e9"},
        {"region": "\x00"},
        {"employer_kind": "<script>"},
    ]:
        response = client.post(
            "/hautes-etudes/candidater/etapes/situation/", {**ANSWERS["situation"], **payload}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert any(
            f"fr-{group}--error" in html for group in ("input-group", "select-group", "fieldset")
        )
    assert MOTIVATION  # used by fill_all


def test_start_form_is_rate_limited_and_has_a_honeypot(client, edition, settings):
    from django.core.cache import cache

    cache.clear()
    settings.INTS_APPLICATION_RATE_LIMIT = (2, 3600)
    response = client.post(
        "/hautes-etudes/candidater/",
        {"email": "robot@example.fr", "website": "http://spam.example"},
    )
    assert response.status_code == 200
    assert "Ce formulaire n'a pas pu être envoyé." in text(response)
    assert not Application.objects.exists() and not mail.outbox

    # the refused post above did not count: two accepted starts remain
    for n in range(2):
        assert (
            Client().post("/hautes-etudes/candidater/", {"email": f"p{n}@example.fr"}).status_code
            == 200
        )
    response = Client().post("/hautes-etudes/candidater/", {"email": "p3@example.fr"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3660  # the window counts whole minutes
    assert "trop de demandes" in text(response)
    assert Application.objects.count() == 2


def test_step_posts_are_rate_limited(client, edition, settings):
    start(client)
    from django.core.cache import cache

    cache.clear()
    settings.INTS_APPLICATION_RATE_LIMIT = (1, 3600)  # 10 step posts an hour
    for _n in range(10):
        response = client.post("/hautes-etudes/candidater/etapes/identite/", ANSWERS["identite"])
        assert response.status_code == 302
    response = client.post("/hautes-etudes/candidater/etapes/identite/", ANSWERS["identite"])
    assert response.status_code == 429
    assert Client().post("/hautes-etudes/candidater/", {"email": "x@example.fr"}).status_code == 200
