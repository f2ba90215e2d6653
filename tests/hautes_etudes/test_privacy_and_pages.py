import datetime
import json
from io import StringIO

import icalendar
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from applications.models import ApplicationStatus
from hautes_etudes.demo import load_hautes_etudes_demo
from hautes_etudes.models import Application, Attachment, Auditor, Edition, Review
from tests.factories import UserFactory
from tests.hautes_etudes.conftest import fill_all, start
from tests.helpers import sitemap_text

pytestmark = pytest.mark.django_db


def submitted(n):
    browser = Client()
    start(browser, email=f"personne{n}@example.fr")
    fill_all(browser)
    browser.post("/hautes-etudes/candidater/recapitulatif/")
    return Application.objects.get(email=f"personne{n}@example.fr")


def test_purge_removes_what_is_past_its_time(edition, settings):
    now = timezone.now()
    old_rejected, fresh_rejected, old_accepted, withdrawn = (submitted(n) for n in range(4))
    reviewer = UserFactory(staff=True)
    Review.objects.create(
        application=old_rejected,
        reviewer=reviewer,
        has_conflict=False,
        comment="Madame Diallo connaît bien le terrain.",
        conflict_reason="Ancienne collègue de Madame Diallo",
    )
    Application.objects.filter(pk=old_rejected.pk).update(
        status=ApplicationStatus.REJECTED, status_changed_at=now - datetime.timedelta(days=400)
    )
    Application.objects.filter(pk=fresh_rejected.pk).update(
        status=ApplicationStatus.REJECTED, status_changed_at=now - datetime.timedelta(days=30)
    )
    Application.objects.filter(pk=old_accepted.pk).update(
        status=ApplicationStatus.ACCEPTED, status_changed_at=now - datetime.timedelta(days=400)
    )
    Application.objects.filter(pk=withdrawn.pk).update(
        status=ApplicationStatus.WITHDRAWN, status_changed_at=now - datetime.timedelta(days=366)
    )
    browser = Client()
    start(browser, email="abandon@example.fr")
    Application.objects.filter(email="abandon@example.fr").update(
        updated_at=now - datetime.timedelta(days=200)
    )
    cv = old_rejected.attachments.get(slot="cv")
    cv_path = cv.file.path

    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "1 brouillon(s) supprimé(s), 2 candidature(s) anonymisée(s) (simulation)" in (
        out.getvalue()
    )
    assert Application.objects.filter(anonymised_at__isnull=False).count() == 0

    call_command("purge_personal_data", stdout=StringIO())
    assert not Application.objects.filter(email="abandon@example.fr").exists()
    for application in (old_rejected, withdrawn):
        application.refresh_from_db()
        assert application.anonymised_at is not None
        assert application.last_name == "" and application.data == {}
        assert "example.fr" not in application.email
        assert application.category == "local_executive"  # statistics stay
        assert not application.attachments.exists()
    import os

    assert not os.path.exists(cv_path)
    review = Review.objects.get(application=old_rejected)
    assert (review.comment, review.conflict_reason) == ("", "")
    assert set(old_rejected.events.values_list("note", flat=True)) == {""}
    for application in (fresh_rejected, old_accepted):
        application.refresh_from_db()
        assert application.anonymised_at is None and application.last_name == "Diallo"
    assert Attachment.objects.filter(application=old_accepted).count() == 2


def test_staff_export_everything_held_on_one_person(edition):
    application = submitted(1)
    out = StringIO()
    call_command("export_personal_data", "personne1@example.fr", stdout=out)
    data = json.loads(out.getvalue())
    [exported] = data["hautes_etudes"]
    assert exported["reference"] == application.reference
    assert exported["answers"]["last_name"] == "Diallo"
    assert {d["slot"] for d in exported["documents"]} == {"cv", "employer_agreement"}
    assert "alertes" in data and data["appels_a_projets"] == []


def test_export_of_one_person_covers_both_pillars(edition):
    from research.calls.models import Call, CallApplication

    submitted(1)
    now = timezone.now()
    call = Call.objects.create(
        title="AAP",
        slug="aap",
        summary="S",
        description="D",
        eligibility="E",
        budget=1,
        max_amount=1,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=1),
    )
    CallApplication.objects.create(
        parent=call, email="personne1@example.fr", token_hash="c" * 64, reference="AAP-1"
    )
    out = StringIO()
    call_command("export_personal_data", "Personne1@example.fr", stdout=out)
    data = json.loads(out.getvalue())
    assert [a["reference"] for a in data["appels_a_projets"]] == ["AAP-1"]
    assert len(data["hautes_etudes"]) == 1


def test_public_pages_programme_calendar_and_alumni(client):
    load_hautes_etudes_demo()
    edition = Edition.objects.current()
    html = client.get("/hautes-etudes/").content.decode()
    assert "Voyage d&#x27;étude international" in html or "Voyage d'étude international" in html
    assert "/hautes-etudes/candidater/" in html
    calendar = icalendar.Calendar.from_ical(
        client.get(f"/hautes-etudes/promotions/{edition.slug}/programme.ics").content
    )
    events = list(calendar.walk("VEVENT"))
    assert len(events) == edition.sessions.count() == 7
    assert any("Montréal, Canada" in str(e["LOCATION"]) for e in events)

    past = Edition.objects.exclude(pk=edition.pk).get()
    page = client.get(past.get_absolute_url()).content.decode()
    for auditor in Auditor.objects.filter(edition=past):
        assert (auditor.name in page) == auditor.public_consent
    sitemap = sitemap_text(client)
    assert past.get_absolute_url() in sitemap


def test_home_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    load_hautes_etudes_demo()
    with django_assert_max_num_queries(6):
        assert client.get("/hautes-etudes/").status_code == 200


def test_application_form_is_closed_outside_the_window(client, edition):
    Edition.objects.filter(pk=edition.pk).update(
        applications_open_at=timezone.now() + datetime.timedelta(days=3)
    )
    response = client.get("/hautes-etudes/candidater/")
    assert "ne sont pas ouvertes" in response.content.decode()
    response = client.post("/hautes-etudes/candidater/", {"email": "a@example.fr"})
    assert not Application.objects.exists()
