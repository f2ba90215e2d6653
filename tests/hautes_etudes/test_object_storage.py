"""Applicants' documents in a real S3-compatible bucket (SeaweedFS, tests/support/seaweedfs.py):
stored there and nowhere on this host's disk, private (an anonymous GET is refused, a signed
link lasts 60 s), read back only through the views that check rights, and a bucket that stops
answering during an application costs the applicant neither their draft nor a 500."""

import re
from html import unescape

import pytest
import requests
from django.test import Client

from hautes_etudes.models import Application, Attachment, Review
from tests.hautes_etudes.conftest import ANSWERS, PDF, fill_all, pdf, start
from tests.helpers import verified_login
from tests.support.seaweedfs import SeaweedFS

pytestmark = pytest.mark.django_db
DOCUMENTS = "/hautes-etudes/candidater/etapes/documents/"


def text(response):
    return unescape(response.content.decode())


def logged(user):
    client = Client()
    verified_login(client, user)
    return client


def test_an_upload_is_stored_in_the_bucket_and_refused_to_anonymous_readers(
    client, edition, seaweedfs, bucket_storage, tmp_path
):
    start(client)
    response = client.post(DOCUMENTS, {"cv": pdf(), "accessibility_needs": ""})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    key = attachment.file.name
    assert re.fullmatch(r"hautes_etudes/attachment/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", key)
    head = seaweedfs.client().head_object(Bucket=bucket_storage, Key=key)
    assert head["ContentLength"] == len(PDF)
    assert not (tmp_path / "private").exists()  # the local disk storage was never written

    plain = f"{seaweedfs.endpoint_url}/{bucket_storage}/{key}"
    refused = requests.get(plain, timeout=10)
    assert refused.status_code == 403
    assert PDF not in refused.content
    signed = attachment.file.url
    assert "X-Amz-Expires=60&" in signed and "X-Amz-Signature=" in signed
    assert requests.get(signed, timeout=10).content == PDF


def test_documents_come_back_only_through_the_views_that_check_rights(
    edition, committee, secretary, bucket_storage
):
    browser = Client()
    start(browser, email="seau@example.fr")
    fill_all(browser)
    assert browser.post("/hautes-etudes/candidater/recapitulatif/").status_code == 302
    application = Application.objects.get(email="seau@example.fr")
    cv = application.attachments.get(slot="cv")
    download = f"/admin/hautes_etudes/application/{application.pk}/fichiers/{cv.pk}/"

    response = logged(secretary).get(download)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="{application.reference}-cv.pdf"'
    )
    assert b"".join(response.streaming_content) == PDF

    assert Client().get(download).status_code == 302  # to the login page
    review = Review.objects.create(application=application, reviewer=committee[0])
    member_download = f"/admin/hautes_etudes/review/{review.pk}/fichiers/{cv.pk}/"
    assert logged(committee[0]).get(member_download).status_code == 404  # no conflict declared
    assert logged(committee[1]).get(member_download).status_code == 404  # not their review


def test_the_bucket_stopping_during_an_application_keeps_the_draft(
    client, edition, settings, tmp_path
):
    server = SeaweedFS(tmp_path / "seaweedfs").start()
    try:
        bucket = server.new_bucket()
        settings.STORAGES = {**settings.STORAGES, "default": server.storage(bucket)}
        start(client)
        for step in ["identite", "situation", "motivation"]:
            response = client.post(f"/hautes-etudes/candidater/etapes/{step}/", ANSWERS[step])
            assert response.status_code == 302
        assert client.post(DOCUMENTS, {"cv": pdf()}).status_code == 302

        server.stop()
        needs = "Une place près de la porte, s'il vous plaît."
        response = client.post(
            DOCUMENTS,
            {"employer_agreement": pdf("accord.pdf"), "accessibility_needs": needs},
        )
        assert response.status_code == 200
        page = text(response)
        assert (
            "Le document n'a pas pu être enregistré\u00a0: le stockage des fichiers est "
            "momentanément indisponible. Vos réponses sont conservées\u202f; déposez de nouveau le "
            "document dans quelques minutes." in page
        )
        assert needs in page
        assert list(Attachment.objects.values_list("slot", flat=True)) == ["cv"]
        application = Application.objects.get()
        assert application.data["accessibility_needs"] == needs
        # The step's page and the summary read the database only: they still answer.
        assert "Document déjà déposé" in text(client.get(DOCUMENTS))
        assert client.get("/hautes-etudes/candidater/recapitulatif/").status_code == 200

        server.start()
        response = client.post(
            DOCUMENTS,
            {"employer_agreement": pdf("accord.pdf"), "accessibility_needs": needs},
        )
        assert response.status_code == 302
        response = client.post(
            "/hautes-etudes/candidater/etapes/consentement/", ANSWERS["consentement"]
        )
        assert response.status_code == 302
        assert client.post("/hautes-etudes/candidater/recapitulatif/").status_code == 302
        application.refresh_from_db()
        assert application.reference == "HE-2027-0001"
        stored = {a.slot: a.file.name for a in application.attachments.all()}
        assert sorted(stored) == ["cv", "employer_agreement"]
        for key in stored.values():
            assert server.client().head_object(Bucket=bucket, Key=key)["ContentLength"] == len(PDF)
    finally:
        server.stop()


def test_a_download_while_the_bucket_is_down_is_a_french_503(
    edition, secretary, settings, tmp_path
):
    server = SeaweedFS(tmp_path / "seaweedfs").start()
    try:
        settings.STORAGES = {**settings.STORAGES, "default": server.storage(server.new_bucket())}
        browser = Client()
        start(browser, email="panne@example.fr")
        fill_all(browser)
        browser.post("/hautes-etudes/candidater/recapitulatif/")
        application = Application.objects.get(email="panne@example.fr")
        cv = application.attachments.get(slot="cv")
        server.stop()
        response = logged(secretary).get(
            f"/admin/hautes_etudes/application/{application.pk}/fichiers/{cv.pk}/"
        )
    finally:
        server.stop()
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    page = text(response)
    assert "Fichier momentanément indisponible" in page
    assert "Réessayez dans 2 minutes." in page


def test_refused_uploads_never_reach_the_bucket(client, edition, seaweedfs, bucket_storage):
    start(client)
    for upload in (
        pdf("cv.pdf", b"MZ\x90\x00 not a pdf"),
        pdf("cv.pdf", b"PK\x03\x04" + b"\x00" * 60),  # a broken zip named .pdf
        pdf("cv.pdf", b""),
        pdf("cv.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1)),
    ):
        response = client.post(DOCUMENTS, {"cv": upload})
        assert response.status_code == 200
    assert not Attachment.objects.exists()
    assert seaweedfs.client().list_objects_v2(Bucket=bucket_storage)["KeyCount"] == 0


def test_a_replaced_document_leaves_the_bucket_once_the_new_one_is_committed(
    client, edition, seaweedfs, bucket_storage, django_capture_on_commit_callbacks
):
    start(client)
    client.post(DOCUMENTS, {"cv": pdf()})
    first = Attachment.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(DOCUMENTS, {"cv": pdf("cv2.pdf", PDF + b"v2")}).status_code == 302
    second = Attachment.objects.get().file.name
    s3 = seaweedfs.client()
    assert s3.head_object(Bucket=bucket_storage, Key=first)["ContentLength"] == len(PDF)
    for callback in callbacks:  # the commit
        callback()
    with pytest.raises(s3.exceptions.ClientError, match="404"):
        s3.head_object(Bucket=bucket_storage, Key=first)
    assert s3.head_object(Bucket=bucket_storage, Key=second)["ContentLength"] == len(PDF) + 2
