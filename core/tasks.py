"""Celery tasks of the ground: the email outbox, the worker heartbeat and the scheduled commands
(each app's own tasks are in its tasks.py, found by autodiscovery)."""

import io
import logging
import time

from celery import shared_task
from django.core.cache import cache
from django.core.management import call_command, get_commands

from core import outbox

logger = logging.getLogger(__name__)
HEARTBEAT_KEY = "ints:worker-heartbeat"


@shared_task(ignore_result=True)
def deliver_email(pk):
    """Send one outbox message (queued after the commit that stored it)."""
    outbox.deliver(pk=pk)


@shared_task(ignore_result=True)
def sweep_outbox():
    """Retry what is due (back-off elapsed, or its wake-up message was lost); purge old mail."""
    ids = outbox.due_message_ids()
    for pk in ids:
        deliver_email.delay(pk)
    outbox.purge_sent()
    return len(ids)


@shared_task(ignore_result=True)
def heartbeat():
    """A timestamp that /sante/ reads to know a worker is taking tasks."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


@shared_task(ignore_result=True)
def run_command(name, *args):
    """Run a management command on schedule. A name that is not installed raises (the system
    check refuses such a schedule at start-up; this is for a caller that bypassed it)."""
    if name not in get_commands():
        raise LookupError(f"scheduled command {name!r} is not installed")
    output = io.StringIO()
    call_command(name, *args, stdout=output)
    logger.info("scheduled command %s: %s", name, output.getvalue().strip())
    return output.getvalue()
