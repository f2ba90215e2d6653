"""The cycle's selection demo: applications typed through the real form in every status, real
PDF documents, both members' scores, a balance with figures; the demo accounts and their block."""

import base64
import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from applications import demo_accounts as accounts
from applications.models import ApplicationEvent, ApplicationStatus
from core.models import OutboxMessage
from core.two_factor import requires_two_factor
from core.uploads import PDF, PDF_ONLY, validate_upload
from hautes_etudes.demo import load_hautes_etudes_demo, load_selection_demo
from hautes_etudes.models import Application, Edition, PublicCategory, Review
from hautes_etudes.views import portal
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    load_hautes_etudes_demo()
    load_selection_demo()
    return Edition.objects.current()


def pdf_text(attachment):
    """The attachment's bytes through the upload checks, then its text read by pypdf."""
    with attachment.file.open("rb") as handle:
        content = handle.read()
    assert validate_upload(ContentFile(content, name="piece.pdf"), allowed=PDF_ONLY) == PDF
    return " ".join(PdfReader(io.BytesIO(content), strict=True).pages[0].extract_text().split())


def snapshot():
    rows = {}
    for label in [
        "hautes_etudes.Application",
        "hautes_etudes.Review",
        "hautes_etudes.Attachment",
        "applications.ApplicationEvent",
        "core.OutboxMessage",
        "otp_totp.TOTPDevice",
        "auth.User",
    ]:
        model = apps.get_model(label)
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        rows[label] = sorted(model.objects.values_list(*fields))
    return rows


def test_cycle_demo_has_every_status_with_complete_answers(demo):
    applications = Application.objects.filter(parent=demo)

    assert set(applications.values_list("status", flat=True)) == set(S.values)
    for application in applications.exclude(status=S.DRAFT):
        assert portal.flow.problems(application) == [], application.email
        assert application.data["consent"] == "on"
        assert len(application.data["motivation"]) >= 300
        assert application.category and application.region and application.employer_kind
        assert application.reference.startswith(f"HE-{demo.year}-")
    assert len({a.region_id for a in applications.exclude(status=S.DRAFT)}) >= 10
    assert len(set(applications.exclude(status=S.DRAFT).values_list("category", flat=True))) == 6
    draft = applications.get(status=S.DRAFT)
    assert draft.reference is None and "motivation" not in draft.data
    accepted = applications.get(status=S.ACCEPTED, email="elise.marchand@example.org")
    assert accepted.confirm_before is not None and accepted.employer_agreed_at is not None
    refused = applications.get(email="pierre-yves.legall@example.org")
    assert refused.employer_refused_at is not None and refused.employer_refusal_reason
    confirmed = applications.filter(status=S.CONFIRMED)
    assert confirmed.count() == 3 and all(a.confirmed_at for a in confirmed)


def test_cycle_demo_moves_went_through_the_workflow(demo):
    application = Application.objects.get(parent=demo, status=S.CONFIRMED, first_name="Nadia")

    moves = ApplicationEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id=application.pk
    ).order_by("at", "pk")

    assert [(e.source, e.target) for e in moves] == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.COMPLETE),
        (S.COMPLETE, S.SHORTLISTED),
        (S.SHORTLISTED, S.INTERVIEW),
        (S.INTERVIEW, S.ACCEPTED),
        (S.ACCEPTED, S.CONFIRMED),
    ]
    assert moves[1].by.username == "demo-secretariat-cycle"
    assert moves[5].by is None  # the candidate confirmed her place


def test_cycle_demo_documents_are_real_pdfs_that_pass_the_upload_checks(demo):
    submitted = Application.objects.filter(parent=demo).exclude(status=S.DRAFT)

    for application in submitted:
        files = {a.slot: a for a in application.attachments.all()}
        assert application.last_name in pdf_text(files["cv"])
        if "employer_agreement" in files:
            text = pdf_text(files["employer_agreement"])
            assert "donne mon accord" in text and application.first_name in text
        else:
            assert application.employer_asked_at is not None
    assert sum("employer_agreement" in a.attachments.values_list("slot", flat=True)
               for a in submitted) == 12  # fmt: skip


def test_cycle_demo_both_members_scored_with_comments(demo):
    members = list(get_user_model().objects.filter(username__startswith="demo-comite-cycle-"))
    criteria = list(demo.criteria.all())

    assert len(members) == 2
    for member in members:
        scored = Review.objects.filter(reviewer=member).exclude(score=None)
        assert scored.count() >= 10
        for review in scored:
            assert set(review.scores) == {str(c.pk) for c in criteria}
            assert review.score == review.weighted_score(criteria)
            assert len(review.comment) > 40
    assert Review.objects.filter(has_conflict=True, conflict_reason__gt="").count() == 1
    assert Review.objects.filter(has_conflict=None).count() == 1


def test_cycle_demo_balance_shows_figures_against_targets(demo, client):
    verified_login(client, get_user_model().objects.get(username="demo-secretariat-cycle"))

    response = client.get(reverse("admin:hautes_etudes_application_balance"))

    assert response.status_code == 200
    tables = {t["title"]: t["rows"] for t in response.context["tables"]}
    categories = tables["Catégorie de public"]
    assert sum(row["accepted"] for row in categories) == 5
    assert sum(row["shortlisted"] for row in categories) == 3
    assert all(row["target"] for row in categories)
    assert {str(row["label"]) for row in categories if row["accepted"]} == {
        str(PublicCategory(value).label)
        for value in ("association_executive", "elected", "journalist", "local_executive", "field")
    }
    assert sum(row["accepted"] for row in tables["Région"]) == 5
    kinds = tables["Nature de l'employeur"]
    assert sum(row["target"] for row in kinds) == demo.places
    assert [row["gap"] for row in kinds if row["label"] == "Association ou fondation"] == [8]


def test_cycle_demo_second_run_changes_nothing(demo):
    first = snapshot()

    summary = load_selection_demo()

    assert summary == "0 candidature(s) de démonstration créée(s), 16 au total"
    assert snapshot() == first


def test_cycle_demo_replaces_the_older_blank_demo_once(settings):
    settings.DEBUG = True
    load_hautes_etudes_demo()
    edition = Edition.objects.current()
    older = Application(parent=edition, email="candidat-cycle-1@example.org", status=S.COMPLETE)
    older.issue_token()
    older.save()

    summary = load_selection_demo()

    assert "(1 de l'ancienne démonstration remplacée(s))" in summary
    assert not Application.objects.filter(email__startswith="candidat-cycle-").exists()
    assert Application.objects.filter(parent=edition).count() == 16


def test_demo_accounts_command_prints_the_block_with_working_credentials(demo):
    out = io.StringIO()

    call_command("demo_accounts", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Comptes de démonstration du back-office")
    assert len(lines) == 2 + len(accounts.entries())
    User = get_user_model()
    for line in lines[1:-1]:
        username, password = re.search(
            r"\s(\S+)\s+([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})\s", line
        ).groups()
        user = User.objects.get(username=username)
        assert user.check_password(password)
        if match := re.search(r"TOTP ([A-Z2-7]{32,}) \(code actuel (\d{6})\)", line):
            device = TOTPDevice.objects.get(user=user)
            assert match.group(1) == base64.b32encode(device.bin_key).decode()
            assert device.verify_token(match.group(2))
    two_factor = [u for u in User.objects.filter(is_staff=True) if requires_two_factor(u)]
    assert len(two_factor) >= 6  # the selection's staff (and the curator when it asks for it)
    assert sum(bool(re.search(r"TOTP [A-Z2-7]{32}", line)) for line in lines) == len(two_factor)


def test_demo_accounts_outside_debug_is_refused(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_accounts", stdout=io.StringIO())
    assert accounts.load() == {}
    load_hautes_etudes_demo()
    assert load_selection_demo() == "sélection de démonstration réservée au mode DEBUG"
    assert not Application.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


def test_selection_demo_sends_what_the_workflow_sends(settings, django_capture_on_commit_callbacks):
    """Each submission acknowledged, employers asked by email: the outbox is the workflow's."""
    settings.DEBUG = True
    load_hautes_etudes_demo()
    with django_capture_on_commit_callbacks(execute=True):
        load_selection_demo()

    recipients = [r for m in OutboxMessage.objects.all() for r in m.recipients]

    assert set(Application.objects.exclude(status=S.DRAFT).values_list("email", flat=True)) <= set(
        recipients
    )
    assert {"drh@cg971.example.org", "direction@gazette-solidarites.example.org"} <= set(recipients)
