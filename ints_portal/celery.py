"""The task engine: `celery -A ints_portal worker` and `celery -A ints_portal beat`.

Configuration is read from Django settings (CELERY_*); without REDIS_URL tasks run eagerly,
in the web process, so `make run` stays one command.
"""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ints_portal.settings")

app = Celery("ints_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _sweep_on_start(sender=None, **kwargs):
    """A worker that starts picks up what is due at once (messages lost with a Redis restart)."""
    from core.tasks import sweep_outbox

    sweep_outbox.delay()
