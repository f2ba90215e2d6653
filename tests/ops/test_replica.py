"""Reads from a real PostgreSQL streaming standby (core/replica.py).

The module starts two throwaway clusters on loopback with the Debian server binaries: a primary
holding a copy of the test database, and a hot standby made from it with `pg_basebackup -R -X
stream`. (The shared server on 5432 accepts no replication connections in its pg_hba.conf, and
a standby must see commits, which pytest-django's rolled-back test transactions never make.)
For the module's tests the "default" alias points at that primary and a "replica" alias at the
standby; both are put back at the end.
"""

import contextlib
import copy
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import page_cache, replica
from resources.models import Resource
from tests.factories import ResourceFactory
from tests.ops.pg_clusters import AS_POSTGRES, MISSING, MISSING_REASON, PG_BIN, Cluster, run

MARKS = (
    pytest.mark.skipif(bool(MISSING), reason=MISSING_REASON),
    # A standby only sees commits; the reference rows the flush removes are loaded again.
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True, databases=["default", "replica"]
    ),
)


def real_standby(test):
    for mark in MARKS:
        test = mark(test)
    return test


class Pair:
    """A primary and its hot standby, on free loopback ports in a temporary directory."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="ints-replica-", dir="/tmp"))
        if AS_POSTGRES:
            shutil.chown(self.root, "postgres")
        self.primary = Cluster(self.root, "primary")
        self.standby = Cluster(self.root, "standby")

    def start(self, *, copy_of, dbname):
        self.primary.init()
        self.primary.start()
        self.primary.sql(f'CREATE DATABASE "{dbname}"')
        dump = self.root / "test.dump"
        run(PG_BIN / "pg_dump", "--format=custom", "--no-owner", f"--file={dump}", copy_of)
        run(PG_BIN / "pg_restore", "--no-owner", f"--dbname={self.primary.dsn(dbname)}", dump)
        run(PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", self.primary.port, "-U",
            "postgres", "-D", self.standby.data, "-R", "-X", "stream", "-c", "fast",
            as_postgres=True)  # fmt: skip
        self.standby.start()
        assert self.standby.sql("SELECT pg_is_in_recovery()") == (True,)

    def destroy(self):
        for cluster in (self.standby, self.primary):
            with contextlib.suppress(subprocess.SubprocessError):
                cluster.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def standby_running(self):
        return self.standby.running()

    def caught_up(self, timeout=30):
        """Wait until the standby has replayed all the primary has written."""
        (lsn,) = self.primary.sql("SELECT pg_current_wal_lsn()::text")
        deadline = time.monotonic() + timeout
        while self.standby.sql("SELECT pg_last_wal_replay_lsn() < %s::pg_lsn", [lsn])[0]:
            assert time.monotonic() < deadline, "the standby did not catch up"
            time.sleep(0.05)

    def pause(self):
        self.standby.sql("SELECT pg_wal_replay_pause()")

    def resume(self):
        self.standby.sql("SELECT pg_wal_replay_resume()")


@pytest.fixture(scope="module")
def pair(django_db_setup, django_db_blocker):
    """Point "default" at the throwaway primary and add "replica" for the standby."""
    default = connections["default"]
    saved = {key: default.settings_dict[key] for key in ("HOST", "PORT")}
    source = f"host=127.0.0.1 port={saved['PORT'] or 5432} user=postgres"
    pair = Pair()
    try:
        with django_db_blocker.unblock():
            pair.start(copy_of=f"{source} dbname={default.settings_dict['NAME']}",
                       dbname=default.settings_dict["NAME"])  # fmt: skip
            default.close()
            default.settings_dict.update(HOST="127.0.0.1", PORT=str(pair.primary.port))
            standby = copy.deepcopy(default.settings_dict)
            standby.update(PORT=str(pair.standby.port), ATOMIC_REQUESTS=False)
            standby["OPTIONS"] = {**standby["OPTIONS"], "connect_timeout": 2}
            standby["TEST"] = {**standby["TEST"], "MIRROR": "default"}  # no flush, no creation
            connections.settings[replica.REPLICA] = standby
        yield pair
    finally:
        with django_db_blocker.unblock():
            if replica.REPLICA in connections.settings:
                with contextlib.suppress(Exception):
                    connections[replica.REPLICA].close()
                with contextlib.suppress(AttributeError):
                    del connections[replica.REPLICA]
                del connections.settings[replica.REPLICA]
            default.close()
            default.settings_dict.update(saved)
        pair.destroy()
        replica.forget()


@pytest.fixture
def live(pair, settings):
    """The pair with the standby running and caught up, and a fresh replica answer."""
    settings.INTS_REPLICA_MAX_LAG = 10
    if not pair.standby_running():
        pair.standby.start()
    pair.resume()
    pair.caught_up()
    replica.forget()
    yield pair
    if pair.standby_running():
        pair.resume()
    replica.forget()


def queries(context):
    return [query["sql"] for query in context.captured_queries]


def reads_of(sql_list, table):
    return [sql for sql in sql_list if sql.startswith("SELECT") and f'FROM "{table}"' in sql]


def only_checks(sql_list):
    """Nothing but usable()'s own question went to the standby."""
    return all("pg_is_in_recovery()" in sql for sql in sql_list)


def get(client, url):
    """GET `url`, with the queries each database served."""
    with (
        CaptureQueriesContext(connections["default"]) as on_default,
        CaptureQueriesContext(connections[replica.REPLICA]) as on_replica,
    ):
        response = client.get(url)
    return response, queries(on_default), queries(on_replica)


# Without a replica -------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_replica_everything_stays_on_default(django_assert_num_queries):
    assert not replica.configured()
    with replica.reads_from_replica():
        assert replica.alias() == "default"
        assert router.db_for_read(Resource) == "default"
    assert replica.usable() is False
    with django_assert_num_queries(0):  # no primary position recorded without a replica
        page_cache.bump_generation()


def test_router_migrates_and_writes_on_default_only():
    routing = replica.ReplicaRouter()
    assert routing.allow_migrate("default", "resources") is True
    assert routing.allow_migrate("replica", "resources") is False
    assert routing.db_for_write(Resource) == "default"


# With a real standby -----------------------------------------------------------------------


@real_standby
def test_list_and_search_read_from_standby_when_it_has_replayed_the_change(client, live):
    resource = ResourceFactory(title="Protection de l'enfance en Lozère")
    live.caught_up()

    response, on_default, on_replica = get(client, reverse("resources:list"))
    assert response.status_code == 200
    assert "Protection de l&#x27;enfance en Lozère" in response.text
    assert reads_of(on_replica, "resources_resource")
    assert reads_of(on_default, "resources_resource") == []

    response, on_default, on_replica = get(client, reverse("search") + "?q=enfance")
    assert response.status_code == 200
    assert "Lozère" in response.text
    assert reads_of(on_replica, "resources_searchentry")
    # the search's raw SQL too (ids of the matches, ranking, the bitmaps): none on the primary
    assert [sql for sql in on_default if "resources_searchentry" in sql] == []

    # Replay paused, a change without a catalogue bump: the list shows the standby's old rows.
    live.pause()
    Resource.objects.filter(pk=resource.pk).update(title="Protection de l'enfance en Corrèze")
    response, on_default, on_replica = get(client, reverse("resources:list"))
    assert "en Lozère" in response.text
    assert reads_of(on_replica, "resources_resource")

    # The catalogue changes: the standby has not replayed the primary's position, so no reads.
    page_cache.bump_generation()
    response, on_default, on_replica = get(client, reverse("resources:list"))
    assert response.status_code == 200
    assert "en Corrèze" in response.text
    assert only_checks(on_replica)
    assert reads_of(on_default, "resources_resource")
    assert replica.usable() is False

    # Replay resumed and caught up: the same process reads from the standby again at once
    # (the 2-second answer was for the older position, which has changed since).
    live.resume()
    live.caught_up()
    replica.forget()
    response, on_default, on_replica = get(client, reverse("resources:list"))
    assert "en Corrèze" in response.text
    assert reads_of(on_replica, "resources_resource")
    assert reads_of(on_default, "resources_resource") == []


@real_standby
def test_writes_and_other_views_stay_on_primary(client, live):
    with CaptureQueriesContext(connections[replica.REPLICA]) as on_replica:
        with replica.reads_from_replica():
            assert replica.alias() == "replica"
            assert router.db_for_read(Resource) == "replica"
            resource = ResourceFactory(title="Écrite dans une lecture")
            Resource.objects.filter(pk=resource.pk).update(summary="Toujours sur le primaire.")
        assert replica.alias() == "default"
        assert router.db_for_read(Resource) == "default"
        response = client.get(resource.get_absolute_url())  # not a read-only list view
    assert response.status_code == 200
    verbs = {sql.split()[0] for sql in queries(on_replica)}
    # Reads only: the resource type read by the factory, usable()'s checks, and the revision's
    # many-to-many values, which Django's serializer reads through a cursor (DECLARE … CURSOR).
    assert verbs <= {"SELECT", "DECLARE"} and "SELECT" in verbs
    assert reads_of(queries(on_replica), "resources_resource") == []
    on_primary = live.primary.sql(
        "SELECT summary FROM resources_resource WHERE id = %s",
        [resource.pk],
        dbname=connections["default"].settings_dict["NAME"],
    )
    assert on_primary == ("Toujours sur le primaire.",)


@real_standby
def test_lagging_standby_is_left_for_primary(client, live, settings):
    ResourceFactory(title="Ressource répliquée")
    live.caught_up()
    assert replica.usable() is True  # records the primary's position, replayed already

    settings.INTS_REPLICA_MAX_LAG = 1
    live.pause()
    Resource.objects.update(summary="Écrit pendant la pause.")  # WAL without a catalogue bump
    time.sleep(1.5)
    replica.forget()
    assert replica.usable() is False

    response, on_default, on_replica = get(client, reverse("resources:list"))
    assert response.status_code == 200
    assert only_checks(on_replica)
    assert reads_of(on_default, "resources_resource")

    settings.INTS_REPLICA_MAX_LAG = 3600
    replica.forget()
    assert replica.usable() is True


@real_standby
def test_idle_primary_is_no_lag(live, settings):
    ResourceFactory()
    live.caught_up()
    settings.INTS_REPLICA_MAX_LAG = 1
    time.sleep(1.5)  # the last replayed commit is now older than the maximum lag
    deadline = time.monotonic() + 10
    while True:  # background WAL (checkpoints, autovacuum) may be in flight for a moment
        replica.forget()
        if replica.usable() or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert replica.usable() is True


@real_standby
def test_stopped_standby_pages_answer_from_primary(client, live, caplog):
    ResourceFactory(title="Toujours là")
    live.caught_up()
    response, _, on_replica = get(client, reverse("resources:list"))
    assert reads_of(on_replica, "resources_resource")  # an open connection to the standby

    live.standby.stop()
    # The process still trusts its last answer: the view meets the dead connection, then
    # runs again on the primary.
    with CaptureQueriesContext(connections["default"]) as on_default:
        response = client.get(reverse("resources:list"))
        search = client.get(reverse("search") + "?q=toujours")
    assert response.status_code == 200
    assert "Toujours là" in response.text
    assert search.status_code == 200
    assert "Toujours là" in search.text
    assert reads_of(queries(on_default), "resources_resource")
    assert replica.usable() is False
    replica.forget()
    assert replica.usable() is False  # asked again: refused
    assert "replica: not used" in caplog.text
