"""The transition table move by move, each role with only its permissions."""

import pytest
from django.contrib.auth.models import Group

from core import roles
from editorial import workflow
from editorial.models import EditorialEvent
from editorial.status import EditorialStatus as S
from resources.models import Resource
from tests.editorial.conftest import member, proposal
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_every_editorial_group_exists_and_staff_ones_need_two_factor():
    for role in roles.EDITORIAL_ROLES:
        assert Group.objects.filter(name=role.group).exists()
        assert (role.group in roles.STAFF_GROUPS) is role.staff
    assert not Group.objects.get(name=roles.CONTRIBUTORS).permissions.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("contributeur", set()),
        ("redacteur", {"propose_content"}),
        ("relecteur", {"review_content"}),
        ("editeur", {"propose_content", "review_content", "publish_content"}),
    ],
)
def test_each_group_holds_only_its_editorial_permissions(role, expected):
    group = Group.objects.get(name=next(r.group for r in roles.EDITORIAL_ROLES if r.key == role))
    held = set(
        group.permissions.filter(content_type__app_label="editorial")
        .exclude(codename="view_editorialevent")
        .values_list("codename", flat=True)
    )
    assert held == expected


def test_curators_keep_working_as_editors():
    curators = Group.objects.get(name=roles.CURATORS)
    codenames = set(curators.permissions.values_list("codename", flat=True))
    assert {"publish_content", "review_content", "change_resource", "change_practice"} <= codenames


def test_contributor_proposes_and_withdraws_their_own_but_cannot_publish(contributor):
    resource = ResourceFactory(status=S.DRAFT, contributor=contributor)
    workflow.transition(resource, "propose", by=contributor)
    assert resource.status == S.PROPOSED and resource.submitted_at is not None
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.transition(resource, "publish", by=contributor)
    workflow.transition(resource, "withdraw", by=contributor)
    assert Resource.objects.get(pk=resource.pk).status == S.WITHDRAWN


def test_someone_elses_contributor_cannot_propose(contributor):
    other = member("contributeur")
    resource = ResourceFactory(status=S.DRAFT, contributor=contributor)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.transition(resource, "propose", by=other)


def test_writer_proposes_but_cannot_publish_nor_take_up(writer):
    resource = ResourceFactory(status=S.DRAFT)
    workflow.transition(resource, "propose", by=writer)
    for move in ("publish", "take_up", "reject"):
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.transition(resource, move, by=writer, message="non")
    assert Resource.objects.get(pk=resource.pk).status == S.PROPOSED


def test_reviewer_takes_up_and_sends_back_with_a_message_but_cannot_publish(reviewer):
    resource = proposal()
    workflow.transition(resource, "take_up", by=reviewer)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.transition(resource, "request_changes", by=reviewer, message="  ")
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.transition(resource, "publish", by=reviewer)
    event = workflow.transition(
        resource, "request_changes", by=reviewer, message="Précisez le public."
    )
    assert (event.source, event.target, event.message) == (
        S.REVIEW,
        S.CHANGES_REQUESTED,
        "Précisez le public.",
    )


def test_editor_publishes_refuses_with_a_reason_and_archives(editor):
    published = proposal(title="A")
    workflow.transition(published, "publish", by=editor)
    workflow.transition(published, "archive", by=editor)
    refused = proposal(title="B")
    workflow.transition(refused, "reject", by=editor, message="Hors du champ du portail.")
    assert dict(Resource.objects.values_list("title", "status")) == {
        "A": S.ARCHIVED,
        "B": S.REJECTED,
    }
    assert EditorialEvent.objects.count() == 3


@pytest.mark.parametrize("move", [m.name for m in workflow.MOVES])
def test_every_move_is_refused_from_a_state_it_does_not_start_from(editor, move):
    spec = workflow.MOVES_BY_NAME[move]
    outside = next(s for s in S.values if s not in spec.sources)
    resource = ResourceFactory(status=outside, contributor=editor)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.transition(resource, move, by=editor, message="m")
    assert Resource.objects.get(pk=resource.pk).status == outside
