"""The email outbox: stored with the change that causes it, sent once after the commit."""

import smtplib
import threading
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import outbox
from core.emails import send_templated_email
from core.models import OutboxMessage, OutboxStatus
from resources.engagement.models import Subscription

pytestmark = pytest.mark.django_db


def queue_confirmation(email="lecteur@example.fr", label="l'enfance & la famille"):
    subscription = Subscription.objects.create(
        email=email, scope="resources", query_string=urlencode({"q": label})
    )
    return send_templated_email(
        to=email,
        template_prefix="emails/alerts/confirm",
        context={"subscription": subscription, "confirm_url": "/alertes/confirmer/x/"},
    )


@pytest.mark.outbox_commit
def test_send_templated_email_sends_nothing_before_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = queue_confirmation()

    assert mail.outbox == []
    assert message.status == OutboxStatus.QUEUED
    assert len(callbacks) == 1


@pytest.mark.outbox_commit
def test_send_templated_email_sends_once_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_confirmation()

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == message.message_id


@pytest.mark.outbox_commit
def test_send_templated_email_rolled_back_leaves_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_confirmation()
        raise RuntimeError("the change that caused the email failed")

    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_send_templated_email_text_and_subject_are_not_html_escaped():
    message = queue_confirmation()

    assert "l'enfance & la famille" in message.body_text
    assert "&#x27;" not in message.body_text and "&amp;" not in message.body_text
    assert "&#" not in message.subject
    assert "l&#x27;enfance &amp; la famille" in message.body_html  # HTML stays escaped


def test_send_templated_email_headers_for_mail_providers():
    message = queue_confirmation()
    sent = mail.outbox[0]

    assert message.message_id.endswith("@127.0.0.1>")
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert sent.message()["Message-ID"] == message.message_id


def test_deliver_twice_sends_once():
    message = queue_confirmation()

    assert outbox.deliver(pk=message.pk) is False
    assert len(mail.outbox) == 1


def test_deliver_failure_records_error_and_backs_off(settings, monkeypatch):
    settings.INTS_OUTBOX_RETRY_SECONDS = 60

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    message = queue_confirmation()
    outbox.deliver(pk=message.pk)
    message.refresh_from_db()
    wait = (message.next_attempt_at - timezone.now()).total_seconds()

    assert message.status == OutboxStatus.QUEUED
    assert message.attempts == 2
    assert message.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert 115 < wait <= 120  # the second attempt failed: twice the first delay
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 10)] == [60, 120, 240, 3600]


def test_deliver_gives_up_after_max_attempts(settings, monkeypatch):
    settings.INTS_OUTBOX_MAX_ATTEMPTS = 1
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda self, messages: (_ for _ in ()).throw(OSError(111, "Connection refused")),
    )

    message = queue_confirmation()
    message.refresh_from_db()

    assert message.status == OutboxStatus.FAILED
    assert outbox.due_message_ids() == []


def test_requeue_gives_failed_messages_another_round(settings, monkeypatch):
    settings.INTS_OUTBOX_MAX_ATTEMPTS = 1
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda self, messages: (_ for _ in ()).throw(OSError(111, "Connection refused")),
    )
    message = queue_confirmation()
    monkeypatch.undo()

    assert outbox.requeue(messages=OutboxMessage.objects.all()) == 1
    assert outbox.due_message_ids() == [message.pk]
    assert outbox.deliver(pk=message.pk) is True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("reference_data")  # the flush must not leave later tests without it
@pytest.mark.outbox_commit
def test_deliver_concurrent_workers_send_once():
    message = queue_confirmation()  # autocommit: sent at once, then requeued below
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.QUEUED)
    mail.outbox.clear()
    results = []

    def worker():
        results.append(outbox.deliver(pk=message.pk))
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1


def admin_list(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/core/outboxmessage/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_outbox_admin_lists_messages_in_constant_queries(admin_client):
    queue_confirmation()
    admin_list(admin_client)  # first request: the session records the staff login time
    page, one = admin_list(admin_client)
    for n in range(5):
        queue_confirmation(email=f"lecteur{n}@example.fr")
    _page, many = admin_list(admin_client)

    assert "lecteur@example.fr" in page and "Envoyé" in page
    assert many == one
