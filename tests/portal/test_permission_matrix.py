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
ROLES = ["anonymous", "curator", "reader", "staff_without_group", "superuser"]
LOGIN = 302  # redirected to the back-office login


@pytest.fixture
def objects():
    published = ResourceFactory(slug="publiee")
    draft = ResourceFactory(slug="brouillon", draft=True)
    for resource in (published, draft):
        resource.file.save("f.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
        resource.file_mime = "application/pdf"
        resource.save()
    return {"published": published, "draft": draft}


MATRIX = [
    # url, anonymous, curator, reader, staff_without_group, superuser
    ("/", 200, 200, 200, 200, 200),
    ("/ressources/publiee/", 200, 200, 200, 200, 200),
    ("/ressources/publiee/telecharger/", 200, 200, 200, 200, 200),
    ("/ressources/brouillon/", 404, 200, 200, 404, 200),
    ("/ressources/brouillon/telecharger/", 404, 200, 200, 404, 200),
    ("/ressources/brouillon/apercu/", LOGIN, 200, 200, 404, 200),
    ("/admin/", LOGIN, 200, 200, 200, 200),
    ("/admin/resources/resource/", LOGIN, 200, 200, 403, 200),
    ("/admin/resources/resource/add/", LOGIN, 200, 403, 403, 200),
    ("/admin/resources/resource/importer/", LOGIN, 200, 403, 403, 200),
    ("/admin/resources/resource/exporter/", LOGIN, 200, 200, 403, 200),
    ("/admin/resources/subscription/", LOGIN, 403, 403, 403, 200),
    ("/admin/auth/user/", LOGIN, 403, 403, 403, 200),
    ("/admin/axes/accessattempt/", LOGIN, 403, 403, 403, 200),
]


def client_for(role, client):
    if role == "anonymous":
        return client
    if role == "superuser":
        verified_login(client, UserFactory(superuser=True))
        return client
    user = UserFactory(staff=True)
    group = {"curator": "Curateurs", "reader": "Lecture seule"}.get(role)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_as_expected_for_each_role(client, objects, role):
    client = client_for(role, client)
    column = ROLES.index(role) + 1
    answers = {}
    for row in MATRIX:
        response = client.get(row[0])
        answers[row[0]] = response.status_code
        if response.streaming:
            b"".join(response.streaming_content)  # read downloads to the end: closes the file
    assert answers == {row[0]: row[column] for row in MATRIX}


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
