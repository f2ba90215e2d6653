"""One message per decision, from the move itself: its text (the edition's template, the general
one, the French default), its date (the delivery's), its resend, the employer's answer told to
the candidate."""

import datetime
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from applications import places
from applications.models import ApplicationStatus
from applications.privacy import anonymise
from applications.workflow import transition
from core import outbox
from core.models import OutboxMessage, OutboxStatus
from hautes_etudes import services
from hautes_etudes.models import Application, DecisionTemplate
from tests.hautes_etudes.conftest import ANSWERS, fill_all, link_from, start
from tests.hautes_etudes.test_application import _documents_with_employer
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def submitted(n, **fields):
    browser = Client()
    start(browser, email=f"candidat{n}@example.fr")
    fill_all(browser)
    assert browser.post("/hautes-etudes/candidater/recapitulatif/").status_code == 302
    application = Application.objects.get(email=f"candidat{n}@example.fr")
    if fields:
        Application.objects.filter(pk=application.pk).update(**fields)
        application.refresh_from_db()
    return application


def decision_messages(application):
    return list(
        OutboxMessage.objects.filter(
            object_id=application.pk, kind__startswith="decision:"
        ).order_by("pk")
    )


@pytest.mark.parametrize(
    ("source", "target", "kind", "subject"),
    [
        (S.SUBMITTED, S.ACCEPTED, "accepted", "retenue\u00a0: confirmez votre place"),
        (S.WAITING_LIST, S.ACCEPTED, "promoted", "Une place vous est proposée"),
        (S.SUBMITTED, S.WAITING_LIST, "waiting_list", "liste d'attente"),
        (S.INTERVIEW, S.REJECTED, "rejected", "réponse du comité de sélection"),
        (S.ACCEPTED, S.CONFIRMED, "confirmed", "Place confirmée"),
        (S.ACCEPTED, S.WITHDRAWN, "released", "votre place est libérée"),
        (S.CONFIRMED, S.WITHDRAWN, "released", "votre place est libérée"),
    ],
)
def test_each_decision_sends_one_message_dated_by_its_delivery(
    edition, source, target, kind, subject
):
    application = submitted(1, status=source)
    mail.outbox = []
    transition(application=application, to=target, by=None)

    [message] = decision_messages(application)
    [sent] = mail.outbox
    application.refresh_from_db()
    assert message.kind == f"decision:{kind}" and message.status == OutboxStatus.SENT
    assert subject in sent.subject and sent.to == [application.email]
    assert sent.body.startswith("Bonjour Awa Diallo,")
    assert application.decision_sent_at == message.sent_at
    if kind in ("accepted", "promoted"):
        assert Client().get(link_from(sent)).status_code == 200
        assert "Confirmez" in sent.body and "@@lien" not in sent.body


def test_decision_date_waits_for_the_delivery_and_the_sweep_delivers_once(edition, monkeypatch):
    application = submitted(1)
    monkeypatch.setattr("core.emails.after_commit", lambda callback: None)  # wake-up lost
    mail.outbox = []
    transition(application=application, to=S.REJECTED, by=None)
    application.refresh_from_db()
    [message] = decision_messages(application)
    assert application.decision_sent_at is None and message.status == OutboxStatus.QUEUED

    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    for pk in outbox.due_message_ids():
        outbox.deliver(pk=pk)
    outbox.deliver(pk=message.pk)  # a second wake-up sends nothing

    message.refresh_from_db()
    application.refresh_from_db()
    assert len(mail.outbox) == 1 and application.decision_sent_at == message.sent_at


def test_editions_template_then_general_then_default(edition):
    application, other, third = submitted(1), submitted(2), submitted(3)
    DecisionTemplate.objects.create(status="rejected", subject="Général $reference", body="G")
    DecisionTemplate.objects.create(
        parent=edition, status="rejected", subject="Promotion $reference", body="P $nom"
    )
    DecisionTemplate.objects.create(status="waiting_list", subject="Général", body="G")
    mail.outbox = []
    transition(application=application, to=S.REJECTED, by=None)
    transition(application=other, to=S.WAITING_LIST, by=None)
    transition(application=third, to=S.ACCEPTED, by=None)

    assert [m.subject for m in mail.outbox] == [
        f"Promotion {application.reference}",
        "Général",
        f"Candidature {third.reference} retenue\u00a0: confirmez votre place",
    ]
    assert mail.outbox[0].body.strip() == "P Awa Diallo"


def test_a_template_without_the_confirmation_link_is_refused(edition, secretary):
    client = Client()
    verified_login(client, secretary)
    response = client.post(
        "/admin/hautes_etudes/decisiontemplate/add/",
        {"parent": edition.pk, "status": "accepted", "subject": "Retenue", "body": "Bravo."},
    )
    assert response.status_code == 200
    assert "doit contenir $lien_confirmation" in unescape(response.content.decode())
    assert not DecisionTemplate.objects.exists()


def test_template_admin_shows_the_default_and_a_preview(edition, secretary):
    template = DecisionTemplate.objects.create(
        parent=edition, status="rejected", subject="Réponse $reference", body="Bonjour $nom."
    )
    client = Client()
    verified_login(client, secretary)
    page = unescape(
        client.get(f"/admin/hautes_etudes/decisiontemplate/{template.pk}/change/").content.decode()
    )
    assert "Réponse XX-2027-0001" in page and "Bonjour Awa Diallo." in page  # the preview
    assert "Nous sommes au regret de vous informer" in page  # the default


def test_resend_sends_the_same_message_with_the_same_link(edition, secretary):
    application = submitted(1)
    mail.outbox = []
    places.accept(application=application, by=None)
    client = Client()
    verified_login(client, secretary)
    client.post(
        "/admin/hautes_etudes/application/",
        {"action": "send_decision", "_selected_action": [application.pk]},
    )
    first, again = mail.outbox
    assert (again.subject, again.body) == (first.subject, first.body)
    assert link_from(again) == link_from(first)
    history = unescape(
        client.get(f"/admin/hautes_etudes/application/{application.pk}/change/").content.decode()
    )
    assert "Messages envoyés" in history and first.subject in history
    assert len(decision_messages(application)) == 2


def test_employer_answer_reaches_the_candidate_and_their_page(client, edition):
    start(client)
    _documents_with_employer(client)
    client.post("/hautes-etudes/candidater/etapes/consentement/", ANSWERS["consentement"])
    client.post("/hautes-etudes/candidater/recapitulatif/")
    request = next(m for m in mail.outbox if m.to == ["drh@gironde.example.fr"])
    mail.outbox = []
    Client().post(link_from(request), {"answer": "refus", "reason": "Service en sous-effectif."})

    [told] = mail.outbox
    assert told.to == ["awa.diallo@example.fr"] and "refusé son accord" in told.subject
    assert "Service en sous-effectif." in told.body
    page = unescape(client.get("/hautes-etudes/candidater/suivi/").content.decode())
    assert "Votre employeur a refusé son accord" in page
    assert "Refus de votre employeur" in page and told.subject in page  # the history


def test_employer_agreement_is_told_too(edition):
    application = submitted(1)
    application.data["employer_email"] = "drh@example.fr"
    services.ask_employer(application=application)
    mail.outbox = []
    services.answer_employer(application=application, agreed=True)
    assert [m.subject for m in mail.outbox] == [
        "Votre employeur a donné son accord — Cycle des hautes études 2027 — Promotion test"
    ]


def test_an_older_template_without_the_link_gives_way_to_the_default(edition):
    DecisionTemplate.objects.create(status="accepted", subject="Retenue", body="Bravo $nom.")
    application = submitted(1)
    mail.outbox = []
    places.accept(application=application, by=None)
    assert "retenue\u00a0: confirmez votre place" in mail.outbox[0].subject
    assert link_from(mail.outbox[0]).startswith("/hautes-etudes/candidater/place/")


def test_messages_about_an_application_live_as_long_as_its_personal_data(edition):
    application = submitted(1)
    transition(application=application, to=S.REJECTED, by=None)
    about = OutboxMessage.objects.filter(object_id=application.pk).exclude(content_type=None)
    alone = OutboxMessage.objects.create(
        template_prefix="x", recipients=["x@example.fr"], from_email="a@example.fr",
        subject="Autre", body_text="…", message_id="<autre@example.fr>",
        next_attempt_at=timezone.now(), status=OutboxStatus.SENT,
        sent_at=timezone.now() - datetime.timedelta(days=31),
    )  # fmt: skip
    about.update(sent_at=timezone.now() - datetime.timedelta(days=31))

    outbox.purge_sent()
    assert sorted(about.values_list("kind", flat=True)) == [
        "decision:rejected",
        "link",
        "transition:submitted",
    ]
    assert not OutboxMessage.objects.filter(pk=alone.pk).exists()
    anonymise(application=application)
    assert about.count() == 0
