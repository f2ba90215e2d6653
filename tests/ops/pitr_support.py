"""A pgBackRest repository in SeaweedFS over HTTPS (tests/ops/test_pitr.py).

pgBackRest's S3 repository speaks HTTPS only and checks the server's name against the
certificate's DNS names: the server is tests/support/seaweedfs.py's `SeaweedFS(https=True)`
(a certificate for `localhost` signed by a throwaway CA), and pgBackRest gets the CA file, so
TLS is verified as in production.
"""

import shutil

from tests.ops.pg_clusters import AS_POSTGRES, run
from tests.support.seaweedfs import TLS_HOSTNAME

PGBACKREST = shutil.which("pgbackrest") or "/usr/bin/pgbackrest"


class PgBackRest:
    """A stanza of `cluster` whose repository is the bucket `bucket` of `s3`, encrypted; its own
    configuration file, run as the cluster's owner."""

    def __init__(self, root, *, s3, bucket, stanza, cluster):
        self.stanza, self.config = stanza, root / "pgbackrest.conf"
        self.config.write_text(
            "[global]\n"
            "repo1-type=s3\n"
            f"repo1-s3-endpoint={TLS_HOSTNAME}\n"
            f"repo1-storage-port={s3.https_port}\n"
            f"repo1-storage-ca-file={s3.ca}\n"
            "repo1-s3-uri-style=path\n"
            f"repo1-s3-bucket={bucket}\n"
            "repo1-s3-region=us-east-1\n"
            f"repo1-s3-key={s3.access_key}\n"
            f"repo1-s3-key-secret={s3.secret_key}\n"
            "repo1-path=/pgbackrest\n"
            "repo1-cipher-type=aes-256-cbc\n"
            "repo1-cipher-pass=essai-de-restauration\n"
            "repo1-retention-full=2\n"
            "compress-type=zst\n"
            "process-max=2\n"
            "start-fast=y\n"
            "io-timeout=20\n"
            f"lock-path={root / 'lock'}\n"
            f"log-path={root / 'log'}\n"
            f"spool-path={root / 'spool'}\n"
            "log-level-console=info\n"
            "log-level-file=off\n"
            f"\n[{stanza}]\n"
            f"pg1-path={cluster.data}\n"
            f"pg1-port={cluster.port}\n"
            f"pg1-socket-path={cluster.root}\n"
        )
        self.command = [*AS_POSTGRES, PGBACKREST, f"--config={self.config}"]

    def archive_command(self):
        """postgresql.conf's archive_command, as docs/deploy.md writes it."""
        return f"{PGBACKREST} --config={self.config} --stanza={self.stanza} archive-push %p"

    def __call__(self, *args, timeout=120):
        return run(*self.command, f"--stanza={self.stanza}", *args, timeout=timeout)
