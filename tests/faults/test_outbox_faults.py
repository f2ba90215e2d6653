"""The email outbox through faults (`make test-faults`): the Celery worker is killed while mail
is queued and Redis, the broker, is restarted empty; every message is still delivered, once.

Runs its own redis-server on a free port (restarting the shared one would disturb others) and
the stack of tests/deploy: nginx, gunicorn, Celery worker and beat as docs/deploy.md gives
them, aiosmtpd as the mail server.
"""

import time
from collections import Counter

import pytest

from tests.deploy.stack import wait_for
from tests.faults.support import subscribe

pytestmark = [
    pytest.mark.faults,
    # aiosmtpd stopped while the worker is connected: see tests/deploy/test_mail.py.
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <(function _SelectorTransport|socket.socket)"
        ":pytest.PytestUnraisableExceptionWarning"
    ),
]


def outbox(stack):
    return stack.query("SELECT message_id, status FROM ints_portal_outboxmessage ORDER BY id")


def test_outbox_survives_worker_kill_and_broker_restart(broker_stack):
    stack, broker = broker_stack
    stack.smtp.stop()
    before = [subscribe(stack, n) for n in range(1, 21)]
    wait_for(lambda: len(outbox(stack)) == 20, timeout=20, what="20 queued messages")

    stack.kill("worker")  # SIGKILL, tasks in hand: acks late, nothing acknowledged
    broker.stop()  # the broker and every message in it are gone
    broker.start()
    during = [subscribe(stack, n) for n in range(21, 26)]  # no worker: still accepted
    stack.smtp.start()
    stack.start_worker()

    expected = [row[0] for row in outbox(stack)]
    wait_for(
        lambda: set(expected) <= set(stack.smtp.mailbox.ids()),
        timeout=90,
        what="every queued message delivered after the faults",
    )
    time.sleep(4)  # more sweeps and the restarted worker's start-up sweep: nothing again
    received = Counter(stack.smtp.mailbox.ids())
    assert before == [200] * 20
    assert during == [200] * 5
    assert len(expected) == 25
    assert {message_id: received[message_id] for message_id in expected} == dict.fromkeys(
        expected, 1
    )
    assert {row[1] for row in outbox(stack)} == {"sent"}
    assert stack.proxy().get("/sante/").status == 200
