"""Loopback ports for the servers a test starts (gunicorn, nginx, aiosmtpd, redis-server,
SeaweedFS, PostgreSQL clusters): always asked of the kernel, never written in a test, so that
several suites (and several xdist workers) can run on one machine at once.

    port = free_port()
    http, grpc = free_ports(2)      # distinct, all free at the same moment
"""

import socket
from contextlib import ExitStack


def free_ports(count):
    """`count` distinct loopback ports free right now: the sockets are held open together while
    choosing, so the kernel never hands out the same port twice in one call."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def free_port():
    """One loopback port free right now."""
    return free_ports(1)[0]
