"""Sending what the outbox holds: once, under a row lock, with back-off on failure.

The outbox row is the truth; Celery messages only wake a worker up. A lost message (Redis
restarted, worker killed) costs a delay until the next sweep, never an email. A message is
marked sent in the same transaction that holds its lock while the mail server accepts it, so
two workers never both send it; the only window for a second copy is a worker killed between
the server's "250 OK" and our commit, and the copy then carries the same Message-ID.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

KEEP_SENT = datetime.timedelta(days=30)
_sent_hooks = []


def on_sent(hook):
    """Decorator: `hook(message)` runs in the transaction that marks a message sent (the
    applications' decision date is the delivery's, not the queue's)."""
    if hook not in _sent_hooks:
        _sent_hooks.append(hook)
    return hook


def backoff(attempts):
    """Delay before attempt number `attempts + 1`: base × 2^(attempts-1), capped."""
    base = datetime.timedelta(seconds=settings.INTS_OUTBOX_RETRY_SECONDS)
    ceiling = datetime.timedelta(seconds=settings.INTS_OUTBOX_MAX_BACKOFF_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), ceiling)


def deliver(*, pk):
    """Send one queued message unless it is sent, failed or being sent by another worker.

    Side effects: one SMTP transaction; the row becomes sent, or records the error, counts the
    attempt and gets its next attempt time (failed after INTS_OUTBOX_MAX_ATTEMPTS).
    Returns True if this call sent it.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=OutboxStatus.QUEUED)
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        try:
            message.as_email().send()
        except Exception as exc:  # noqa: BLE001  (any failure is recorded and retried)
            _record_failure(message, exc)
            return False
        message.status = OutboxStatus.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "attempts", "last_error"])
        for hook in _sent_hooks:
            hook(message)
    logger.info("outbox: message %s sent to %d recipient(s)", pk, len(message.recipients))
    return True


def _record_failure(message, exc):
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if message.attempts >= settings.INTS_OUTBOX_MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
    message.next_attempt_at = timezone.now() + backoff(message.attempts)
    message.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
    logger.warning(
        "outbox: message %s not sent (attempt %d): %s",
        message.pk,
        message.attempts,
        message.last_error,
    )


def due_message_ids(*, now=None, limit=500):
    now = now or timezone.now()
    return list(
        OutboxMessage.objects.due(now=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def requeue(*, messages):
    """Give failed messages another round (admin action).

    Side effects: status back to queued, attempts reset, due now.
    """
    return messages.exclude(status=OutboxStatus.SENT).update(
        status=OutboxStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )


def purge_sent(*, now=None):
    """Side effects: deletes sent messages older than 30 days (they hold addresses), except
    those about an application: its history shows them, and the personal-data purge deletes
    them with the application's other personal data (they hold no secret link)."""
    now = now or timezone.now()
    deleted, _ = OutboxMessage.objects.filter(
        status=OutboxStatus.SENT, sent_at__lt=now - KEEP_SENT, content_type=None
    ).delete()
    return deleted
