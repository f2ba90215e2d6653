"""The transition table, move by move: every allowed move passes and leaves one event row;
every other is refused and leaves the application as it was."""

import pytest
from django.contrib.contenttypes.models import ContentType

from applications.models import ApplicationEvent, ApplicationStatus
from applications.workflow import TRANSITIONS, TransitionNotAllowed, transition
from hautes_etudes.models import Application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus
ALLOWED = {
    (S.DRAFT, S.SUBMITTED),
    (S.SUBMITTED, S.COMPLETE),
    (S.SUBMITTED, S.SHORTLISTED),
    (S.COMPLETE, S.SHORTLISTED),
    (S.INTERVIEW, S.SHORTLISTED),
    (S.COMPLETE, S.INTERVIEW),
    (S.SHORTLISTED, S.INTERVIEW),
    *((s, S.WAITING_LIST) for s in (S.SUBMITTED, S.COMPLETE, S.SHORTLISTED, S.INTERVIEW)),
    *(
        (s, t)
        for s in (S.SUBMITTED, S.COMPLETE, S.SHORTLISTED, S.INTERVIEW, S.WAITING_LIST)
        for t in (S.ACCEPTED, S.REJECTED)
    ),
    (S.ACCEPTED, S.CONFIRMED),
    *(
        (s, S.WITHDRAWN)
        for s in (
            S.SUBMITTED,
            S.COMPLETE,
            S.SHORTLISTED,
            S.INTERVIEW,
            S.WAITING_LIST,
            S.ACCEPTED,
            S.CONFIRMED,
        )
    ),
}
EVERY_MOVE = [(s, t) for s in S.values for t in S.values if s != t]


def test_table_is_exactly_the_declared_moves():
    declared = {(source, target) for target, sources in TRANSITIONS.items() for source in sources}
    assert declared == ALLOWED


@pytest.fixture
def application(edition):
    return Application.objects.create(
        parent=edition, email="a@example.fr", token_hash="a" * 64, reference="HE-2027-0001"
    )


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_allowed_move_saves_and_logs(application, source, target):
    Application.objects.filter(pk=application.pk).update(status=source)
    application.refresh_from_db()
    user = UserFactory(staff=True)
    transition(application=application, to=target, by=user, note="Motif")
    application.refresh_from_db()
    assert application.status == target
    event = ApplicationEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Application), object_id=application.pk
    )
    assert (event.source, event.target, event.by, event.note) == (source, target, user, "Motif")


@pytest.mark.parametrize(("source", "target"), [move for move in EVERY_MOVE if move not in ALLOWED])
def test_refused_move_changes_nothing(application, source, target):
    Application.objects.filter(pk=application.pk).update(status=source)
    application.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        transition(application=application, to=target, by=None)
    application.refresh_from_db()
    assert application.status == source
    assert not ApplicationEvent.objects.exists()


def test_accepting_sets_the_deadline_of_the_edition(application, edition):
    Application.objects.filter(pk=application.pk).update(status=S.SHORTLISTED)
    application.refresh_from_db()
    transition(application=application, to=S.ACCEPTED, by=None)
    application.refresh_from_db()
    delay = application.confirm_before - application.status_changed_at
    assert delay.days == edition.confirmation_days


def test_every_status_is_labelled_and_every_staff_move_is_an_admin_action():
    from django.contrib import admin

    from applications.workflow import HISTORY_LABELS, STAFF_ACTIONS

    assert set(HISTORY_LABELS) == set(TRANSITIONS) == set(S) - {S.DRAFT}
    assert set(STAFF_ACTIONS) <= set(TRANSITIONS)
    actions = {name: str(label) for _f, name, label in admin.site._registry[Application]
               ._get_base_actions()}  # fmt: skip
    assert {f"mark_{status}": str(label) for status, label in STAFF_ACTIONS.items()}.items() <= (
        actions.items()
    )
    assert actions["mark_interview"] == "Convoquer à un entretien"
