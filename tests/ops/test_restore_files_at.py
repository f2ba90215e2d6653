"""`manage.py restore_files_at`: a versioned bucket (SeaweedFS over HTTPS) put back to a point
in time, as a database restored to that time expects it (docs/deploy.md, « Restore runbook »)."""

import io
import time
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.support.seaweedfs import WEED, SeaweedFS

pytestmark = pytest.mark.skipif(not WEED.exists(), reason=f"SeaweedFS missing ({WEED})")
BUCKET = "ints-fichiers"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s3 = SeaweedFS(tmp_path_factory.mktemp("files-at") / "s3", https=True)
    try:
        s3.start()
        s3.create_bucket(BUCKET, versioned=True)
        yield s3
    finally:
        s3.stop()


@pytest.fixture
def bucket(store, settings):
    settings.AWS_ACCESS_KEY_ID = store.access_key
    settings.AWS_SECRET_ACCESS_KEY = store.secret_key
    return store.client()


def restore_files_at(store, at, *options):
    output = io.StringIO()
    call_command(
        "restore_files_at", at, f"--bucket={BUCKET}", f"--ca-bundle={store.ca}",
        f"--endpoint-url={store.endpoint_url}", *options, stdout=output,
    )  # fmt: skip
    return output.getvalue().strip()


def body(client, key):
    try:
        return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    except ClientError as exc:
        return exc.response["Error"]["Code"]


def test_bucket_is_put_back_to_its_versions_at_the_time(store, bucket):
    for key in ("cv.pdf", "lettre.pdf", "convention.pdf"):
        bucket.put_object(Bucket=BUCKET, Key=f"candidatures/{key}", Body=b"%PDF-1.4 avant")
    time.sleep(1.1)  # the store stamps versions to the second
    target = datetime.now(UTC).replace(microsecond=0)
    time.sleep(1.1)
    bucket.put_object(Bucket=BUCKET, Key="candidatures/cv.pdf", Body=b"%PDF-1.4 apres")
    bucket.delete_object(Bucket=BUCKET, Key="candidatures/lettre.pdf")  # the purge, later
    bucket.put_object(Bucket=BUCKET, Key="candidatures/nouveau.pdf", Body=b"%PDF-1.4 apres")

    simulated = restore_files_at(store, target.isoformat(), "--dry-run")
    assert simulated == (
        f"2 fichier(s) remis à leur version du {target.isoformat(' ')}, 1 fichier(s) plus "
        "récent(s) masqué(s), 1 inchangé(s) (simulation)."
    )
    assert body(bucket, "candidatures/cv.pdf") == b"%PDF-1.4 apres"  # nothing changed

    assert restore_files_at(store, target.isoformat()).startswith("2 fichier(s) remis")

    assert body(bucket, "candidatures/cv.pdf") == b"%PDF-1.4 avant"
    assert body(bucket, "candidatures/lettre.pdf") == b"%PDF-1.4 avant"
    assert body(bucket, "candidatures/convention.pdf") == b"%PDF-1.4 avant"
    assert body(bucket, "candidatures/nouveau.pdf") == "NoSuchKey"
    # Nothing is lost: the later versions stay behind the restored ones (and a marker).
    versions = bucket.list_object_versions(Bucket=BUCKET, Prefix="candidatures/")
    assert sorted(v["Size"] for v in versions["Versions"] if v["Key"].endswith("cv.pdf")) == [
        len(b"%PDF-1.4 apres"),
        len(b"%PDF-1.4 avant"),
        len(b"%PDF-1.4 avant"),
    ]
    assert [m["Key"] for m in versions["DeleteMarkers"] if m["IsLatest"]] == [
        "candidatures/nouveau.pdf"
    ]
    assert restore_files_at(store, datetime.now(UTC).isoformat()).startswith(
        "0 fichier(s) remis"
    )  # the bucket is now as it is: nothing to do


def test_time_without_offset_is_refused(store):
    with pytest.raises(CommandError, match="Indiquez le décalage horaire"):
        restore_files_at(store, "2026-11-23 14:30")
