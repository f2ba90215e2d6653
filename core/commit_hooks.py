"""Work that follows a change, done once per transaction, after its commit.

One admin save writes an object, its many-to-many links and its inlines: a dozen signals. What
they cause (reindexing the object, a new catalogue generation) is wanted once, with the final
rows, and only if the transaction commits. `once_after_commit(key, callback)` keeps one callback
per key in the current transaction (the latest registered wins) and runs it after the commit;
outside a transaction it runs at once. The tests' transactions never commit: tests/conftest.py
runs the callbacks at once, except in tests marked `outbox_commit`, which commit for real.
"""

from django.db import transaction


class _Once:
    """A pending callback of the current transaction, found again by its key."""

    def __init__(self, key, callback):
        self.key = key
        self.callback = callback

    def __call__(self):
        self.callback()


def once_after_commit(key, callback, *, using=None):
    """Run `callback` once the current transaction commits, once for all the calls with the
    same `key` in that transaction (the latest callback is the one run); at once outside one.

    Side effects: whatever `callback` does, after the commit (never if it rolls back).
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        callback()
        return
    for _savepoints, func, _robust in connection.run_on_commit:
        if isinstance(func, _Once) and func.key == key:
            func.callback = callback
            return
    transaction.on_commit(_Once(key, callback), using=using, robust=True)
