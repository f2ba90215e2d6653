"""What the field proposes stays out of every public page until an éditeur publishes it; then
it is found, credited as its contributor chose."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.uploads import PDF
from resources.models import Event, Practice, Resource, ResourceType, SearchEntry, Territory
from tests.contributions.helpers import CREDIT, practice_data, text

pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def proposed(signed_in, nord, theme):
    """One practice, one event and one resource proposed by the contributor (not published)."""
    signed_in.post(
        "/contribuer/pratique/", practice_data(nord, theme, title="Le café des parents zéphyr")
    )
    region = Territory.objects.get(kind="region", slug="hauts-de-france")
    signed_in.post(
        "/contribuer/evenement/",
        {
            "title": "Rencontre zéphyr des aidants",
            "summary": "Une matinée d'échanges.",
            "starts_at": "2030-03-12T09:30",
            "ends_at": "2030-03-12T12:30",
            "venue_name": "Maison des associations",
            "city": "Roubaix",
            "region": str(region.pk),
            "intent": "propose",
            **CREDIT,
        },
    )
    signed_in.post(
        "/contribuer/ressource/",
        {
            "title": "Guide zéphyr de l'accueil",
            "summary": "Un guide.",
            "resource_type": str(ResourceType.objects.get(slug="guide").pk),
            "licence": "etalab-2.0",
            "file": SimpleUploadedFile("g.pdf", PDF_BYTES, content_type=PDF),
            "intent": "propose",
            "credit_as": "name",
            "credit_detail": "",
            "credit_consent": "on",
        },
    )
    objects = [Practice.objects.get(), Event.objects.get(), Resource.objects.get()]
    assert [obj.status for obj in objects] == ["proposed"] * 3
    return objects


PUBLIC_LISTS = [
    "/pratiques-inspirantes/",
    "/agenda/",
    "/ressources/",
    "/ressources/?q=zéphyr",
    "/rechercher/?q=zéphyr",
    "/sitemap-pratiques.xml",
    "/sitemap-agenda.xml",
    "/sitemap-ressources.xml",
    "/ressources/flux/rss/",
    "/agenda/flux/rss/",
]


def test_nothing_proposed_is_public(client, proposed):
    client.logout()
    for url in PUBLIC_LISTS:
        response = client.get(url)
        assert response.status_code == 200, url
        page = text(response)
        for obj in proposed:
            assert obj.title not in page, url
    for obj in proposed:
        assert client.get(obj.get_absolute_url()).status_code == 404
    resource = proposed[2]
    assert client.get(f"/ressources/{resource.slug}/telecharger/").status_code == 404
    assert not SearchEntry.objects.visible().filter(title__contains="zéphyr").exists()


def test_the_contributor_does_not_see_the_public_page_either(signed_in, proposed):
    for obj in proposed:
        assert signed_in.get(obj.get_absolute_url()).status_code == 404


def test_published_contributions_are_found_and_credited(client, proposed, editor):
    from editorial.workflow import transition

    for obj in proposed:
        transition(obj, "publish", by=editor)
    client.logout()

    practice, event, resource = proposed
    page = text(client.get(practice.get_absolute_url()))
    assert "Contribution une équipe de la MDS de Roubaix" in page
    assert "Contribution une équipe de la MDS de Roubaix" in text(
        client.get(event.get_absolute_url())
    )
    assert "Contribution Camille Martin" in text(client.get(resource.get_absolute_url()))
    assert "Le café des parents zéphyr" in text(client.get("/pratiques-inspirantes/"))
    assert "Rencontre zéphyr des aidants" in text(client.get("/agenda/"))
    search = text(client.get("/rechercher/?q=zéphyr"))
    for obj in proposed:
        assert obj.title in search
    assert practice.get_absolute_url() in client.get("/sitemap-pratiques.xml").content.decode()
    download = client.get(f"/ressources/{resource.slug}/telecharger/")
    assert download.status_code == 200
    download.close()


def test_anonymous_credit_names_nobody(client, signed_in, contributor, nord, theme, editor):
    from editorial.workflow import transition

    data = practice_data(nord, theme, credit_as="anonymous", credit_detail="")
    signed_in.post("/contribuer/pratique/", data)
    practice = Practice.objects.get()
    assert practice.credit_text == ""
    transition(practice, "publish", by=editor)

    page = text(Client().get(practice.get_absolute_url()))  # as a visitor, not signed in

    assert "Contribution anonyme" in page
    assert "Camille" not in page and "Martin" not in page
