"""A practice proposed with its support (a file): kept with the draft, checked by its content,
downloadable once published only, and nowhere before."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.uploads import PDF
from editorial.workflow import transition
from resources.models import Practice
from tests.contributions.helpers import practice_data

pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def propose_with(signed_in, nord, theme, upload):
    data = practice_data(nord, theme)
    data["file"] = upload
    return signed_in.post("/contribuer/pratique/", data)


def test_practice_with_its_support_downloads_once_published(signed_in, nord, theme, editor):
    upload = SimpleUploadedFile("bilan.pdf", PDF_BYTES, content_type="application/pdf")
    assert propose_with(signed_in, nord, theme, upload).status_code == 302
    practice = Practice.objects.get()
    assert practice.status == "proposed"
    assert (practice.file_mime, practice.file_size) == (PDF, len(PDF_BYTES))
    download = f"/pratiques-inspirantes/{practice.slug}/telecharger/"
    visitor = Client()
    assert visitor.get(download).status_code == 404  # not published yet

    transition(practice, "publish", by=editor)

    page = visitor.get(practice.get_absolute_url()).content.decode()
    assert download in page and "Télécharger le support de la pratique" in page
    response = visitor.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == PDF
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert f'filename="{practice.slug}.pdf"' in response["Content-Disposition"]


def test_a_refused_support_keeps_the_rest_of_the_draft(signed_in, nord, theme):
    upload = SimpleUploadedFile("bilan.pdf", b"MZ\x90\x00 not a pdf", content_type=PDF)

    response = propose_with(signed_in, nord, theme, upload)

    assert response.status_code == 400
    practice = Practice.objects.get()  # the draft is kept, without the file
    assert practice.status == "draft" and not practice.file
    assert practice.problem == practice_data(nord, theme)["problem"]
