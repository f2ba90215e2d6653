"""Generated files (the demo's PDF and CSV) and public downloads with the bucket as storage:
written there through the storage, served by the rights-checking views, and a bucket that does
not answer gives a French 503, never a 500."""

import pytest

from resources.demo import _attach_pdf
from resources.observatory.demo import _attach_csv
from tests.factories import DatasetFactory, ResourceFactory
from tests.support.seaweedfs import SeaweedFS

pytestmark = pytest.mark.django_db


def test_generated_files_go_to_the_bucket_and_come_back_through_the_views(
    client, seaweedfs, bucket_storage
):
    resource = ResourceFactory()
    _attach_pdf(resource)
    dataset = DatasetFactory()
    _attach_csv(dataset)
    data_file = dataset.files.get()
    s3 = seaweedfs.client()
    for name, size in ((resource.file.name, resource.file_size), (data_file.file.name, None)):
        head = s3.head_object(Bucket=bucket_storage, Key=name)
        assert size is None or head["ContentLength"] == size

    response = client.get(f"/ressources/{resource.slug}/telecharger/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    response = client.get(f"/observatoire/{dataset.slug}/fichiers/{data_file.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith("\ufeff".encode())

    resource.status = "draft"
    resource.save()
    assert client.get(f"/ressources/{resource.slug}/telecharger/").status_code == 404


def test_a_public_download_while_the_bucket_is_down_is_a_french_503(client, settings, tmp_path):
    server = SeaweedFS(tmp_path / "seaweedfs").start()
    try:
        settings.STORAGES = {**settings.STORAGES, "default": server.storage(server.new_bucket())}
        resource = ResourceFactory()
        _attach_pdf(resource)
        server.stop()
        response = client.get(f"/ressources/{resource.slug}/telecharger/")
    finally:
        server.stop()
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert response["Cache-Control"] == "no-store"
    assert "Fichier momentanément indisponible" in response.content.decode()
