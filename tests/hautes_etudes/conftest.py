import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hautes_etudes.models import Criterion, Edition
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MOTIVATION = "Je dirige un service d'aide sociale à l'enfance depuis huit ans. " * 6


def pdf(name="cv.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def edition(db):
    now = timezone.now()
    edition = Edition.objects.create(
        year=2027,
        name="Promotion test",
        slug="promotion-2027",
        theme="Fractures territoriales",
        description="…",
        fees="1 500 €",
        eligibility="Dix ans d'expérience.",
        applications_open_at=now - datetime.timedelta(days=1),
        applications_close_at=now + datetime.timedelta(days=10),
        committee_date=now.date(),
        results_date=now.date(),
        first_session_date=now.date(),
        is_published=True,
    )
    Criterion.objects.create(edition=edition, name="Parcours", weight=2, max_score=5)
    Criterion.objects.create(edition=edition, name="Motivation", weight=1, max_score=5)
    return edition


ANSWERS = {
    "identite": {"first_name": "Awa", "last_name": "Diallo", "phone": "06 12 34 56 78"},
    "situation": {
        "position": "Directrice enfance-famille",
        "employer": "Département de la Gironde",
        "employer_kind": "local",
        "category": "local_executive",
        "region": "nouvelle-aquitaine",
        "experience_years": "12",
    },
    "motivation": {"motivation": MOTIVATION, "heard_from": "alumni"},
    "consentement": {"consent": "on"},
}


def link_from(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def start(client, email="awa.diallo@example.fr"):
    """Ask for the link (the page answers the same for any address), then open it: the
    response of the link, which lands on the step where the applicant stopped."""
    sent = len(mail.outbox)
    response = client.post("/hautes-etudes/candidater/", {"email": email, "website": ""})
    assert response.status_code == 200, response.content.decode()[:2000]
    assert len(mail.outbox) == sent + 1
    return client.get(link_from(mail.outbox[-1]))


def fill_all(client, *, cv=True):
    for step in ["identite", "situation", "motivation"]:
        response = client.post(f"/hautes-etudes/candidater/etapes/{step}/", ANSWERS[step])
        assert response.status_code == 302, response.content.decode()[:3000]
    files = {"cv": pdf(), "employer_agreement": pdf("accord.pdf")} if cv else {}
    response = client.post(
        "/hautes-etudes/candidater/etapes/documents/", {"accessibility_needs": "", **files}
    )
    assert response.status_code == 302
    response = client.post(
        "/hautes-etudes/candidater/etapes/consentement/", ANSWERS["consentement"]
    )
    assert response.status_code == 302


@pytest.fixture
def committee(db):
    group = Group.objects.get(name="Comité de sélection")
    members = UserFactory.create_batch(3, staff=True)
    for member in members:
        member.groups.add(group)
    return members


@pytest.fixture
def secretary(db):
    user = UserFactory(staff=True)
    user.groups.add(Group.objects.get(name="Secrétariat de sélection"))
    return user


@pytest.fixture(autouse=True)
def _outbox(settings):
    mail.outbox = []
    settings.INTS_APPLICATION_RATE_LIMIT = (1000, 3600)  # many applicants from one test client
