"""The stage table (research.questions.workflow), move by move, with who may make each."""

import pytest
from django.core import mail

from research.enums import QuestionStage
from research.models import QuestionEvent
from research.questions import workflow
from tests.factories import ProjectFactory, PublicationFactory, UserFactory
from tests.questions.conftest import QuestionFactory

pytestmark = pytest.mark.django_db


def test_table_declares_every_stage_on_the_public_path():
    targets = {move.target for move in workflow.MOVES}
    assert targets == set(QuestionStage.values)
    assert tuple(QuestionStage.values) == workflow.PATH


def test_take_up_connects_the_lab_writes_an_event_and_mails_the_contributor(
    secretariat_user, lab, contributor
):
    question = QuestionFactory(contributor=contributor)

    event = workflow.transition(question, "take_up", by=secretariat_user, lab=lab, note="Bravo")

    question.refresh_from_db()
    assert (question.stage, question.lab) == (QuestionStage.TAKEN_UP, lab)
    assert (event.source, event.target, event.by, event.lab, event.note) == (
        "open",
        "taken_up",
        secretariat_user,
        lab,
        "Bravo",
    )
    assert [m.to for m in mail.outbox] == [["equipe@roubaix.example"]]
    assert "Prise en charge par un laboratoire" in mail.outbox[0].subject
    assert "Clersé" in mail.outbox[0].body
    assert question.get_absolute_url() in mail.outbox[0].body


def test_whole_path_from_open_to_results_published(secretariat_user, lab):
    question = QuestionFactory()
    project = ProjectFactory(labs=[lab])
    workflow.transition(question, "take_up", by=secretariat_user, lab=lab)
    workflow.transition(question, "start_project", by=secretariat_user, project=project)
    PublicationFactory().projects.add(project)

    workflow.transition(question, "publish_results", by=secretariat_user)

    question.refresh_from_db()
    assert (question.stage, question.project) == (QuestionStage.RESULTS_PUBLISHED, project)
    assert list(QuestionEvent.objects.values_list("move", flat=True)) == [
        "take_up",
        "start_project",
        "publish_results",
    ]


def test_no_mail_without_a_contributor(secretariat_user, lab):
    workflow.transition(QuestionFactory(), "take_up", by=secretariat_user, lab=lab)

    assert mail.outbox == []


@pytest.mark.parametrize("who", ["anonymous", "plain", "researcher", "curator"])
def test_only_the_stage_permission_moves_a_stage(who, researcher_user, lab):
    from django.contrib.auth.models import AnonymousUser, Group

    from core.roles import CURATORS

    user = {
        "anonymous": AnonymousUser(),
        "plain": UserFactory(),
        "researcher": researcher_user,
        "curator": UserFactory(staff=True),
    }[who]
    if who == "curator":
        user.groups.add(Group.objects.get(name=CURATORS))
    question = QuestionFactory()

    with pytest.raises(workflow.StageMoveNotAllowed):
        workflow.transition(question, "take_up", by=user, lab=lab)

    question.refresh_from_db()
    assert question.stage == QuestionStage.OPEN
    assert not QuestionEvent.objects.exists()
    assert workflow.available_moves(question, user) == []


def test_available_moves_follow_the_stage(secretariat_user, lab):
    question = QuestionFactory()
    assert [m.name for m in workflow.available_moves(question, secretariat_user)] == ["take_up"]
    workflow.transition(question, "take_up", by=secretariat_user, lab=lab)
    assert [m.name for m in workflow.available_moves(question, secretariat_user)] == [
        "start_project",
        "reopen",
    ]


@pytest.mark.parametrize(
    ("stage", "move"),
    [
        ("open", "start_project"),
        ("open", "publish_results"),
        ("taken_up", "take_up"),
        ("taken_up", "publish_results"),
        ("project_ongoing", "take_up"),
        ("results_published", "reopen"),
    ],
)
def test_moves_outside_the_table_are_refused(stage, move, secretariat_user, lab):
    question = QuestionFactory(stage=stage, lab=lab, project=ProjectFactory())

    with pytest.raises(workflow.StageMoveNotAllowed):
        workflow.transition(question, move, by=secretariat_user, lab=lab)

    question.refresh_from_db()
    assert question.stage == stage


def test_take_up_needs_a_lab(secretariat_user):
    with pytest.raises(workflow.StageMoveNotAllowed, match="laboratoire"):
        workflow.transition(QuestionFactory(), "take_up", by=secretariat_user)


def test_start_project_needs_a_public_project(secretariat_user, lab):
    question = QuestionFactory(stage="taken_up", lab=lab)
    with pytest.raises(workflow.StageMoveNotAllowed, match="projet"):
        workflow.transition(question, "start_project", by=secretariat_user)
    with pytest.raises(workflow.StageMoveNotAllowed, match="publié"):
        workflow.transition(
            question, "start_project", by=secretariat_user, project=ProjectFactory(is_public=False)
        )


def test_results_need_a_public_publication_of_the_project(secretariat_user, lab):
    project = ProjectFactory()
    question = QuestionFactory(stage="project_ongoing", lab=lab, project=project)
    PublicationFactory(is_public=False).projects.add(project)

    with pytest.raises(workflow.StageMoveNotAllowed, match="aucune publication"):
        workflow.transition(question, "publish_results", by=secretariat_user)


def test_a_draft_question_does_not_move(secretariat_user, lab):
    question = QuestionFactory(draft=True)

    assert workflow.available_moves(question, secretariat_user) == []
    with pytest.raises(workflow.StageMoveNotAllowed, match="pas publiée"):
        workflow.transition(question, "take_up", by=secretariat_user, lab=lab)


def test_reopen_frees_the_lab(secretariat_user, lab, contributor):
    question = QuestionFactory(contributor=contributor)
    workflow.transition(question, "take_up", by=secretariat_user, lab=lab)

    workflow.transition(question, "reopen", by=secretariat_user, note="Le laboratoire se retire.")

    question.refresh_from_db()
    assert (question.stage, question.lab) == (QuestionStage.OPEN, None)
    assert "de nouveau ouverte" in mail.outbox[-1].body
