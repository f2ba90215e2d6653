"""The Celery worker through Redis restarts (`make test-faults`): Redis, the broker, restarts
ten times while the worker holds messages (acks late: unacknowledged, to be restored) and while
it restores them; the worker stays up and delivers again within 60 s. With kombu's own Redis
transport the worker exits here ("Unrecoverable error: AttributeError('NoneType' object has no
attribute 'hostname')"): core/broker.py.

Runs its own redis-server on a free port and the stack of tests/deploy: nginx, gunicorn, Celery
worker and beat as docs/deploy.md gives them, aiosmtpd as a slow mail server.
"""

import re
import time

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


def test_worker_delivers_again_within_60_s_after_redis_restarts_mid_restore(broker_stack):
    stack, broker = broker_stack
    stack.smtp.mailbox.delay = 4  # each delivery holds its message, unacknowledged, 4 s
    assert [subscribe(stack, n, network="127.0.10") for n in range(1, 4)] == [200] * 3
    time.sleep(1.5)  # the worker holds a message

    # Ten restarts, short and long: while messages are in hand, then while being restored.
    for pause in (0.05, 0.1, 3, 0.05, 0.2, 1, 0.05, 3.5, 0.1, 0.3):
        broker.stop()
        time.sleep(pause)
        broker.start()
        time.sleep(pause)
    stack.smtp.mailbox.delay = 0
    restarted = time.monotonic()
    assert subscribe(stack, 4, network="127.0.10") == 200

    wait_for(
        lambda: len(stack.smtp.mailbox.to("alerte-4@example.fr")) == 1,
        timeout=60,
        what="a message queued after the restarts delivered",
    )
    delivered_after = time.monotonic() - restarted
    print(f"\ndelivering again {delivered_after:.1f} s after Redis's last restart")
    log = stack.log("worker")
    assert re.search(r"Restoring \d+ unacknowledged message", log), log[-3000:]
    assert stack.processes["worker"].poll() is None, log[-3000:]
    assert "Unrecoverable error" not in log, log[-3000:]
    wait_for(
        lambda: all(stack.smtp.mailbox.to(f"alerte-{n}@example.fr") for n in range(1, 4)),
        timeout=60,
        what="the messages in hand during the restarts delivered too",
    )
    # Beat reconnects too (its retries back off): the heartbeat comes back by itself.
    wait_for(lambda: stack.proxy().get("/sante/").status == 200, timeout=60, what="/sante/ 200")
