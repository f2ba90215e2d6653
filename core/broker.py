"""The Celery broker's transport: kombu's Redis transport, with one fix for a Redis restart.

When the worker loses Redis it collects the old connection, which releases it (the transport's
`client` becomes None), then closes it. Closing the channel that holds unacknowledged messages
(acks late: a task was running) restores them first, through a connection pool that kombu
builds again from `client.hostname`: `AttributeError: 'NoneType' object has no attribute
'hostname'`, which is not a connection error, so the worker exited ("Unrecoverable error",
celery/kombu#582 for the same read from a gossip channel). Here that read raises the
connection error it is: the close goes on, the worker reconnects, and the messages stay in
Redis's unacknowledged set, restored after the visibility timeout (and the outbox's sweep queues
its mail again anyway). tests/faults/test_worker_faults.py restarts Redis ten times while the
worker holds and restores messages.
"""

import redis
from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if self.connection.client is None:
            raise redis.ConnectionError("the broker connection was released (Redis lost)")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
