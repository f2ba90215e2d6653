"""Two copies of one application moved at once, from two connections: the row lock makes the
second move see the first's result, so one wins and the history stays a chain."""

import threading

import pytest
from django.db import connection

from applications.models import ApplicationEvent, ApplicationStatus
from applications.workflow import TransitionNotAllowed, transition
from core.models import OutboxMessage
from hautes_etudes.models import Application

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]
S = ApplicationStatus


def test_two_concurrent_moves_one_wins_and_the_history_is_coherent(edition):
    application = Application.objects.create(
        parent=edition,
        email="a@example.fr",
        token_hash="a" * 64,
        reference="HE-2027-0001",
        status=S.SUBMITTED,
    )
    copies = [Application.objects.get(pk=application.pk) for _ in range(2)]  # both "submitted"
    barrier, results = threading.Barrier(2), {}

    def move(copy, target):
        barrier.wait()
        try:
            transition(application=copy, to=target, by=None)
            results[target] = "moved"
        except TransitionNotAllowed as refused:
            results[target] = f"refused from {refused.source}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=(copies[0], S.ACCEPTED)),
        threading.Thread(target=move, args=(copies[1], S.REJECTED)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    application.refresh_from_db()
    winner = application.status
    loser = S.REJECTED if winner == S.ACCEPTED else S.ACCEPTED
    assert results == {winner: "moved", loser: f"refused from {winner}"}
    assert list(
        ApplicationEvent.objects.filter(object_id=application.pk).values_list("source", "target")
    ) == [("submitted", winner)]
    assert list(
        OutboxMessage.objects.filter(object_id=application.pk).values_list("kind", flat=True)
    ) == [f"decision:{winner}"]
