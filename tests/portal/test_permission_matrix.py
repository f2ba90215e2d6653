"""Every URL against every role gives the expected answer; nothing private by guessing ids.

Each row: a URL (built from the objects below), then the expected status per role. Pillars add
their rows (applications, calls) as they land.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from tests.factories import ResourceFactory, UserFactory
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db
ROLES = [
    "anonymous",
    "curator",
    "reader",
    "staff_without_group",
    "superuser",
    "selection_secretariat",
    "selection_committee",
    "research_secretariat",
    "research_committee",
    "selection_committee_other",
    "research_committee_other",
]
GROUPS = {
    "curator": "Curateurs",
    "reader": "Lecture seule",
    "selection_secretariat": "Secrétariat de sélection",
    "selection_committee": "Comité de sélection",
    "research_secretariat": "Secrétariat scientifique",
    "research_committee": "Comité scientifique",
    # a second member of each committee, with no review assigned in the objects below
    "selection_committee_other": "Comité de sélection",
    "research_committee_other": "Comité scientifique",
}
LOGIN = 302  # redirected to the back-office login (or, for applicants, to the start page)
NO_SUCH = 302  # the admin's « does not exist » redirect: another member's review is not theirs


@pytest.fixture
def objects():
    published = ResourceFactory(slug="publiee")
    draft = ResourceFactory(slug="brouillon", draft=True)
    for resource in (published, draft):
        resource.file.save("f.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
        resource.file_mime = "application/pdf"
        resource.save()
    members = {}
    for role, group in GROUPS.items():
        user = UserFactory(staff=True, username=role)
        user.groups.add(Group.objects.get(name=group))
        members[role] = user
    he_application, call_application = _applications(members)
    return {"published": published, "draft": draft, "he": he_application, "call": call_application}


def _applications(members):
    """One submitted application on each pillar, each with a file and a review assigned to
    the pillar's committee member."""
    import datetime

    from django.utils import timezone

    from hautes_etudes.models import Application, Attachment, Edition, Review
    from research.calls.models import Call, CallApplication, CallAttachment, CallReview

    now = timezone.now()
    edition = Edition.objects.create(
        year=2027,
        name="P",
        slug="p",
        theme="T",
        description="D",
        fees="F",
        eligibility="E",
        applications_open_at=now,
        applications_close_at=now + datetime.timedelta(days=1),
        committee_date=now.date(),
        results_date=now.date(),
        first_session_date=now.date(),
        is_published=True,
    )
    call = Call.objects.create(
        title="C",
        slug="c",
        summary="S",
        description="D",
        eligibility="E",
        budget=1,
        max_amount=1,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=1),
        is_published=True,
    )
    he = Application.objects.create(
        parent=edition,
        email="a@example.fr",
        token_hash="a" * 64,
        status="submitted",
        reference="HE-2027-0001",
        sequence=1,
    )
    cp = CallApplication.objects.create(
        parent=call,
        email="b@example.fr",
        token_hash="b" * 64,
        status="submitted",
        reference="AAP-2027-0001",
        sequence=1,
    )
    for model, application in ((Attachment, he), (CallAttachment, cp)):
        attachment = model(application=application, slot="cv", mime="application/pdf", size=9)
        attachment.file.save("cv.pdf", ContentFile(b"%PDF-1.4 x"))
    declared = {"has_conflict": False, "declared_at": now}
    Review.objects.create(application=he, reviewer=members["selection_committee"], **declared)
    CallReview.objects.create(application=cp, reviewer=members["research_committee"], **declared)
    return he, cp


HE = "/admin/hautes_etudes/application"
CP = "/admin/research/callapplication"
MATRIX = [
    # url, anonymous, curator, reader, staff_without_group, superuser,
    #      selection secretariat, selection committee, research secretariat, research committee
    ("/", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("/ressources/publiee/", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("/ressources/publiee/telecharger/", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("/ressources/brouillon/", 404, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404),
    ("/ressources/brouillon/telecharger/", 404, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404),
    ("/ressources/brouillon/apercu/", LOGIN, 200, 200, 404, 200, 404, 404, 404, 404, 404, 404),
    ("/admin/", LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("/admin/resources/resource/", LOGIN, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403),
    ("/admin/resources/resource/add/", LOGIN, 200, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ("/admin/resources/resource/importer/", LOGIN, 200, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ("/admin/resources/resource/exporter/", LOGIN, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403),
    ("/admin/resources/subscription/", LOGIN, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ("/admin/auth/user/", LOGIN, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    ("/admin/axes/accessattempt/", LOGIN, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    # Applications to the cycle: the selection secretariat; the committee through reviews.
    # The last two columns: a second member of each committee, with nothing assigned.
    (f"{HE}/", LOGIN, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403),
    ("{he}", LOGIN, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403),
    ("{he_file}", LOGIN, 404, 404, 404, 200, 200, 404, 404, 404, 404, 404),
    ("/admin/hautes_etudes/review/", LOGIN, 403, 403, 403, 200, 200, 200, 403, 403, 200, 403),
    ("{he_review}", LOGIN, 403, 403, 403, 200, 200, 200, 403, 403, NO_SUCH, 403),
    # Ranking and balance belong to the secretariat: no committee member reaches them.
    (f"{HE}/classement/", LOGIN, 404, 404, 404, 200, 200, 404, 404, 404, 404, 404),
    (f"{HE}/composition/", LOGIN, 404, 404, 404, 200, 200, 404, 404, 404, 404, 404),
    # A reviewer's own download of the documents (after declaring no conflict), logged.
    ("{he_review_file}", LOGIN, 404, 404, 404, 200, 200, 200, 404, 404, 404, 404),
    # The edition: curators edit its public side (its rules read-only); the rules change is the
    # secretariat's alone.
    ("{edition}", LOGIN, 200, 403, 403, 200, 200, 403, 403, 403, 403, 403),
    ("{edition_rules}", LOGIN, 404, 404, 404, 200, 200, 404, 404, 404, 404, 404),
    # The confirm-or-decline page opens with its signed link alone (no session, no login).
    ("{he_place}", 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Answers to calls: the scientific secretariat; the scientific committee through reviews.
    (f"{CP}/", LOGIN, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403),
    ("{call}", LOGIN, 403, 403, 403, 200, 403, 403, 200, 403, 403, 403),
    ("{call_file}", LOGIN, 404, 404, 404, 200, 404, 404, 200, 404, 404, 404),
    ("/admin/research/callreview/", LOGIN, 403, 403, 403, 200, 403, 403, 200, 200, 403, 200),
    ("{call_review}", LOGIN, 403, 403, 403, 200, 403, 403, 200, 200, 403, NO_SUCH),
    (f"{CP}/classement/", LOGIN, 404, 404, 404, 200, 404, 404, 200, 404, 404, 404),
    ("{call_review_file}", LOGIN, 404, 404, 404, 200, 404, 404, 200, 200, 404, 404),
    ("{call_edit}", LOGIN, 200, 200, 403, 200, 403, 403, 200, 403, 403, 403),
    ("{call_rules}", LOGIN, 404, 404, 404, 200, 404, 404, 200, 404, 404, 404),
    # The applicant's pages need their own session (opened by the emailed link).
    ("/hautes-etudes/candidater/suivi/", *[LOGIN] * len(ROLES)),
    ("/recherche/appels/c/candidater/recapitulatif/", *[LOGIN] * len(ROLES)),
]


def client_for(role, client, objects):
    if role == "anonymous":
        return client
    if role == "superuser":
        verified_login(client, UserFactory(superuser=True))
        return client
    if role in GROUPS:
        from django.contrib.auth import get_user_model

        verified_login(client, get_user_model().objects.get(username=role))
        return client
    verified_login(client, UserFactory(staff=True))
    return client


def expand(url, objects):
    he, call = objects["he"], objects["call"]
    return url.format(
        he=f"{HE}/{he.pk}/change/",
        he_file=f"{HE}/{he.pk}/fichiers/{he.attachments.get().pk}/",
        he_review=f"/admin/hautes_etudes/review/{he.reviews.get().pk}/change/",
        call=f"{CP}/{call.pk}/change/",
        call_file=f"{CP}/{call.pk}/fichiers/{call.attachments.get().pk}/",
        call_review=f"/admin/research/callreview/{call.reviews.get().pk}/change/",
        he_review_file=(
            f"/admin/hautes_etudes/review/{he.reviews.get().pk}/fichiers/{he.attachments.get().pk}/"
        ),
        call_review_file=(
            f"/admin/research/callreview/{call.reviews.get().pk}/fichiers/"
            f"{call.attachments.get().pk}/"
        ),
        he_place=f"/hautes-etudes/candidater/place/{he.signed('place')}/",
        edition=f"/admin/hautes_etudes/edition/{he.parent_id}/change/",
        edition_rules=f"/admin/hautes_etudes/edition/{he.parent_id}/regles/",
        call_edit=f"/admin/research/call/{call.parent_id}/change/",
        call_rules=f"/admin/research/call/{call.parent_id}/regles/",
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_as_expected_for_each_role(client, objects, role):
    client = client_for(role, client, objects)
    column = ROLES.index(role) + 1
    answers = {}
    for row in MATRIX:
        response = client.get(expand(row[0], objects))
        answers[row[0]] = response.status_code
        if response.streaming:
            b"".join(response.streaming_content)  # read downloads to the end: closes the file
    assert answers == {row[0]: row[column] for row in MATRIX}


def test_applications_cannot_be_reached_by_guessing(client, objects):
    """Neither a reference, a primary key nor a made-up link opens an application."""
    he, call = objects["he"], objects["call"]
    for path in [
        "/hautes-etudes/candidater/reprendre/HE-2027-0001/",
        f"/hautes-etudes/candidater/reprendre/{he.pk}/",
        "/hautes-etudes/candidater/reprendre/" + "a" * 43 + "/",
        "/recherche/appels/c/candidater/reprendre/AAP-2027-0001/",
        f"/hautes-etudes/accord-employeur/{he.pk}/",
        f"/hautes-etudes/candidater/place/{he.pk}/",
        f"/hautes-etudes/candidater/reprendre/{call.signed('resume')}/",  # another pillar's
        f"/{he.attachments.get().file.name}",
        f"/media/{call.attachments.get().file.name}",
    ]:
        assert client.get(path).status_code == 404, path
    assert client.get("/hautes-etudes/candidater/suivi/").status_code == 302


def test_guessing_a_draft_by_its_id_or_file_name_reveals_nothing(client, objects):
    draft = objects["draft"]
    for path in [
        f"/ressources/{draft.pk}/",
        f"/{draft.file.name}",
        f"/media/{draft.file.name}",
        f"/static/{draft.file.name}",
        f"/private/{draft.file.name}",
    ]:
        assert client.get(path).status_code == 404


def test_curators_may_edit_the_agenda_and_read_feedback():
    from django.contrib.auth.models import Group

    curators = set(
        Group.objects.get(name="Curateurs").permissions.values_list("codename", flat=True)
    )
    assert {
        "add_event",
        "change_event",
        "view_feedback",
        "view_dataset",
        "change_indicator",
    } <= curators
    readers = set(
        Group.objects.get(name="Lecture seule").permissions.values_list("codename", flat=True)
    )
    assert "view_event" in readers and "change_event" not in readers
