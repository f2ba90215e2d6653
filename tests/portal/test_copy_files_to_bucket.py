"""`manage.py copy_files_to_bucket`: the files of a site that kept them on disk go to the bucket
under the same names (so the database's names stay right), once; a second run copies nothing."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from core.storage import s3_storage
from tests.factories import ResourceFactory
from tests.support.ports import free_port

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def copy(source):
    out, err = io.StringIO(), io.StringIO()
    call_command("copy_files_to_bucket", source=str(source), stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_files_on_disk_are_copied_once_then_served_from_the_bucket(
    client, settings, seaweedfs, tmp_path
):
    disk = tmp_path / "private"  # the disk storage of tests/conftest.py
    resource = ResourceFactory(file_mime="application/pdf")
    resource.file.save("guide.pdf", ContentFile(PDF), save=True)
    (disk / "hautes_etudes/attachment/2026/05").mkdir(parents=True)
    (disk / "hautes_etudes/attachment/2026/05/cv.pdf").write_bytes(PDF + b"cv")
    (disk / "notes.csv").write_text("a;b\n1;2\n")

    bucket = seaweedfs.new_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": seaweedfs.storage(bucket)}
    report, progress = copy(disk)
    assert report == (
        f"Fichiers dans {disk} : 3 ; copiés : 3 ; déjà présents (même taille) : 0 ; en échec : 0."
    )
    assert "3/3" in progress  # the progress bar
    s3 = seaweedfs.client()
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"])
    assert keys == sorted(
        [resource.file.name, "hautes_etudes/attachment/2026/05/cv.pdf", "notes.csv"]
    )
    response = client.get(f"/ressources/{resource.slug}/telecharger/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF

    assert copy(disk)[0] == (
        f"Fichiers dans {disk} : 3 ; copiés : 0 ; déjà présents (même taille) : 3 ; en échec : 0."
    )
    (disk / "notes.csv").write_text("a;b\n1;2\n3;4\n")  # changed on disk since: copied again
    assert copy(disk)[0] == (
        f"Fichiers dans {disk} : 3 ; copiés : 1 ; déjà présents (même taille) : 2 ; en échec : 0."
    )
    body = s3.get_object(Bucket=bucket, Key="notes.csv")["Body"].read()
    assert body == b"a;b\n1;2\n3;4\n"


def test_the_command_refuses_to_run_without_a_bucket(tmp_path):
    with pytest.raises(CommandError, match="n'est pas un bucket S3 : définissez AWS_S3_"):
        copy(tmp_path)


def test_failures_are_reported_and_make_the_command_fail(settings, tmp_path):
    (tmp_path / "a.pdf").write_bytes(PDF)
    nobody = s3_storage(
        endpoint_url=f"http://127.0.0.1:{free_port()}",  # no bucket answers there
        bucket_name="ints",
        access_key="ints",
        secret_key="secret",
    )
    settings.STORAGES = {**settings.STORAGES, "default": nobody}
    err = io.StringIO()
    with pytest.raises(CommandError, match="Des fichiers n'ont pas été copiés"):
        call_command("copy_files_to_bucket", source=str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert "Échec : a.pdf (" in err.getvalue()
