"""Reads from a PostgreSQL streaming replica, for the views that only read (search, lists).

With DATABASE_REPLICA_URL set, settings.py adds the "replica" alias. Only code running inside
`reads_from_replica` reads from it, and only while `usable()`: reachable, a standby, less than
INTS_REPLICA_MAX_LAG seconds behind (or has replayed all it received: an idle primary makes the
last replayed commit old without any lag), and past the primary's WAL position recorded at the
last catalogue change. That last rule keeps a lagging replica from filling a cache entry of the
new catalogue version with old rows: `bump_generation()` calls `record_primary_position()`
before it increments the version, and `usable()` reads that position at every routed query.

Writes, and every read outside `reads_from_replica` (application flows, the back-office), stay
on the primary. Raw SQL follows the same rule through `connections[replica.alias()]`.
"""

import contextlib
import contextvars
import functools
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, transaction

logger = logging.getLogger(__name__)

REPLICA = "replica"
MIN_LSN_KEY = "replica:min-lsn"
CHECK_SECONDS = 2  # how long a process trusts its last answer (the min LSN is read every time)
DOWN_SECONDS = 10  # an unreachable replica is tried again after this long (connect timeouts)

_CHECK_SQL = """
SELECT pg_is_in_recovery(),
       COALESCE(pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), false),
       EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()),
       COALESCE(pg_last_wal_replay_lsn() >= %s::pg_lsn, false)
"""

_reading = contextvars.ContextVar("ints_replica_reading", default=None)


@dataclass(frozen=True)
class _Answer:
    usable: bool
    until: float  # time.monotonic() after which the replica is asked again
    min_lsn: str | None  # the recorded primary position this answer was checked against
    why: str = ""  # why not: "down", "primary", "behind" or "lag" (a warning when it changes)


_answer = _Answer(usable=False, until=0.0, min_lsn=None)


class _Reads:
    """What a `reads_from_replica` block did: whether the router sent a query to the replica."""

    used = False


def configured():
    return REPLICA in connections


@contextlib.contextmanager
def _replica_reads():
    token = _reading.set(_Reads())
    try:
        yield _reading.get()
    finally:
        _reading.reset(token)


def reads_from_replica(view=None):
    """Decorator of a read-only view (`@reads_from_replica`), or a context manager
    (`with reads_from_replica():`): ORM reads inside go to the replica while it is usable.

    If the replica goes away during the view (the last check is up to CHECK_SECONDS old), the
    view runs once more on the primary: it only reads, so running it twice is harmless.
    """
    if view is None:
        return _replica_reads()

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        try:
            with _replica_reads() as reads:
                return view(*args, **kwargs)
        except (OperationalError, InterfaceError):
            if not reads.used or connections[REPLICA].is_usable():
                raise
            _down("lost during a request")
        return view(*args, **kwargs)

    return wrapper


def alias():
    """The alias raw SQL should use now: "replica" inside `reads_from_replica` while the replica
    is usable, else "default" (the same rule as the ORM's reads)."""
    reads = _reading.get()
    if reads is None or not usable():
        return DEFAULT_DB_ALIAS
    reads.used = True
    return REPLICA


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if alias() == REPLICA else None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def usable():
    """Can reads go to the replica now? Never raises: any failure means "no" (and the primary)."""
    global _answer
    if not configured():
        return False
    try:
        min_lsn = cache.get(MIN_LSN_KEY) or record_primary_position()
    except Exception:  # noqa: BLE001  (a cache that is down: the primary is always right)
        logger.warning("replica: cannot read the primary's recorded position", exc_info=True)
        return False
    answer = _answer
    if time.monotonic() < answer.until and (answer.why == "down" or answer.min_lsn == min_lsn):
        return answer.usable
    try:
        why, detail = _check(min_lsn)
    except Exception as exc:  # noqa: BLE001  (down, refused, timed out: read from the primary)
        _down(f"unreachable ({exc.__class__.__name__}: {str(exc).strip()[:200]})")
        return False
    if why and why != answer.why:
        logger.warning("replica: not used, %s", detail)
    _answer = _Answer(not why, time.monotonic() + CHECK_SECONDS, min_lsn, why)
    return not why


def _check(min_lsn):
    """("", "") if the replica may serve reads, else (why, a sentence for the log)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(_CHECK_SQL, [min_lsn or "0/0"])
        in_recovery, caught_up, lag, fresh = cursor.fetchone()
    if not in_recovery:
        return "primary", "it is not a standby (promoted, or not a replica at all)"
    if not fresh:
        return "behind", f"it has not replayed the last catalogue change (primary at {min_lsn})"
    max_lag = settings.INTS_REPLICA_MAX_LAG
    if not caught_up and (lag is None or lag > max_lag):
        seconds = "unknown" if lag is None else f"{lag:.1f} s"
        return "lag", f"it lags behind the primary ({seconds} > {max_lag} s)"
    return "", ""


def _down(reason):
    global _answer
    if _answer.why != "down":
        logger.warning("replica: not used, %s", reason)
    _answer = _Answer(False, time.monotonic() + DOWN_SECONDS, None, "down")
    with contextlib.suppress(Exception):
        connections[REPLICA].close()


def forget():
    """Ask the replica again at the next query (tests; after repairing a replica)."""
    global _answer
    _answer = _Answer(usable=False, until=0.0, min_lsn=None)


def record_primary_position():
    """Store the primary's current WAL position: the replica is used again once it has replayed
    it. Returns the position, or None if it could not be read (logged, never raised).

    Side effects: one query on the primary (in a savepoint inside a transaction), one cache write.
    """
    try:
        primary = connections[DEFAULT_DB_ALIAS]
        with transaction.atomic(using=DEFAULT_DB_ALIAS), primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            lsn = cursor.fetchone()[0]
        cache.set(MIN_LSN_KEY, lsn, timeout=None)
    except Exception:  # noqa: BLE001  (a catalogue change must not fail because of the replica)
        logger.warning("replica: could not record the primary's WAL position", exc_info=True)
        return None
    return lsn
