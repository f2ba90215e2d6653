import pytest
from django.contrib.auth.models import Permission

from research.models import Publication
from tests.factories import (
    ContractOfferFactory,
    LabFactory,
    ProjectFactory,
    PublicationFactory,
    ResearcherFactory,
    UserFactory,
)
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db

MODELS = ["lab", "researcher", "project", "publication", "contractoffer"]


@pytest.fixture
def objects():
    lab = LabFactory()
    return {
        "lab": lab,
        "researcher": ResearcherFactory(lab=lab),
        "project": ProjectFactory(labs=[lab]),
        "publication": PublicationFactory(labs=[lab], authors=[("Dupont", "Marie")]),
        "contractoffer": ContractOfferFactory(lab=lab),
    }


@pytest.mark.parametrize("model", MODELS)
def test_every_changelist_and_change_form_opens(client, objects, model):
    verified_login(client, UserFactory(superuser=True))
    base = f"/admin/research/{model}/"
    assert client.get(base).status_code == 200
    assert client.get(base + "?q=x&o=1").status_code == 200
    assert client.get(f"{base}{objects[model].pk}/change/").status_code == 200
    assert client.get(base + "add/").status_code == 200


def test_autocomplete_answers_for_labs(client, objects):
    verified_login(client, UserFactory(superuser=True))
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "research",
            "model_name": "publication",
            "field_name": "labs",
            "term": objects["lab"].name[:10],
        },
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == str(objects["lab"].pk)


def test_staff_without_permission_cannot_see_research_admin(client, objects):
    verified_login(client, UserFactory(staff=True))
    assert client.get("/admin/research/publication/").status_code == 403


def test_staff_with_view_permission_reads_but_cannot_add(client, objects):
    user = UserFactory(staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_publication"))
    verified_login(client, user)
    assert client.get("/admin/research/publication/").status_code == 200
    assert client.get("/admin/research/publication/add/").status_code == 403


def test_non_staff_is_sent_to_login(client):
    response = client.get("/admin/research/publication/")
    assert response.status_code == 302


def test_publish_action(client):
    publication = PublicationFactory(is_public=False)
    verified_login(client, UserFactory(superuser=True))
    client.post(
        "/admin/research/publication/", {"action": "publish", "_selected_action": [publication.pk]}
    )
    assert Publication.objects.get(pk=publication.pk).is_public


def test_pdf_upload_is_checked_by_content(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    verified_login(client, UserFactory(superuser=True))
    fake = SimpleUploadedFile("article.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(
        "/admin/research/publication/add/",
        {
            "title": "T",
            "slug": "t",
            "publication_type": "article",
            "year": "2024",
            "language": "fr",
            "file": fake,
            "contributors-TOTAL_FORMS": "0",
            "contributors-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "format accepté" in response.content.decode()
    assert not Publication.objects.exists()
