"""The event, resource and question forms (the shared behaviour is tested on the practice)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.uploads import PDF
from editorial.models import EditorialEvent
from research.models import FieldQuestion
from resources.models import Event, Resource, ResourceType, Territory
from tests.contributions.helpers import CREDIT, text

pytestmark = pytest.mark.django_db
FORMS = [
    "/contribuer/pratique/",
    "/contribuer/evenement/",
    "/contribuer/ressource/",
    "/recherche/questions/proposer/",
]
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def hauts_de_france(db):
    return Territory.objects.get(kind="region", slug="hauts-de-france")


def event_data(region, departement, /, **overrides):
    data = {
        "title": "Rencontre des aidants du Roubaisis",
        "summary": "Une matinée d'échanges entre aidants et professionnels.",
        "starts_at": "2027-03-12T09:30",
        "ends_at": "2027-03-12T12:30",
        "venue_name": "Maison des associations",
        "city": "Roubaix",
        "region": str(region.pk),
        "departement": str(departement.pk),
        "registration_url": "https://exemple.fr/inscription",
        "intent": "propose",
        **CREDIT,
    }
    data.update(overrides)
    return data


def test_event_proposed_when_complete(signed_in, contributor, hauts_de_france, nord):
    response = signed_in.post("/contribuer/evenement/", event_data(hauts_de_france, nord))

    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.status, event.contributor, event.city) == ("proposed", contributor, "Roubaix")
    assert timezone.localtime(event.starts_at).hour == 9 and event.departement == nord
    assert EditorialEvent.objects.get().target == "proposed"


def test_event_online_needs_no_place(signed_in, hauts_de_france, nord):
    data = event_data(
        hauts_de_france, nord, venue_name="", city="", is_online="on", online_url="visio.fr/a"
    )

    assert signed_in.post("/contribuer/evenement/", data).status_code == 302
    assert Event.objects.get().online_url == "https://visio.fr/a"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2027-03-11T12:00"}, "La fin doit être après le début."),
        ({"starts_at": "le 12 mars"}, "Indiquez une date et une heure valides."),
        ({"is_online": "on", "venue_name": ""}, "Indiquez le lien de connexion"),
        (
            {"venue_name": "", "city": ""},
            "Indiquez le lieu de l'événement, ou cochez « en ligne ».",
        ),
        ({"region": "", "departement": ""}, "Choisissez la région de l'événement."),
        ({"registration_url": "pas un lien"}, "Indiquez une adresse web complète (https://…)."),
        ({"summary": ""}, "Ce champ est obligatoire."),
    ],
)
def test_event_invalid_is_explained_in_french(signed_in, hauts_de_france, nord, overrides, message):
    response = signed_in.post(
        "/contribuer/evenement/", event_data(hauts_de_france, nord, **overrides)
    )

    assert response.status_code == 400
    assert message in text(response)
    assert not Event.objects.exists()


def test_event_departement_outside_region_is_refused(signed_in, nord):
    bretagne = Territory.objects.get(kind="region", slug="bretagne")

    response = signed_in.post("/contribuer/evenement/", event_data(bretagne, nord))

    assert response.status_code == 400
    assert "Ce département n'appartient pas à la région choisie." in text(response)


def resource_data(**overrides):
    data = {
        "title": "Guide de l'accueil inconditionnel",
        "summary": "Ce que change l'accueil sans rendez-vous, pas à pas.",
        "resource_type": str(ResourceType.objects.get(slug="guide").pk),
        "licence": "etalab-2.0",
        "intent": "propose",
        **CREDIT,
    }
    data.update(overrides)
    return data


def test_resource_with_its_file(signed_in, contributor, nord):
    data = resource_data(territory=str(nord.pk))
    data["file"] = SimpleUploadedFile("guide.pdf", PDF_BYTES, content_type="application/pdf")

    response = signed_in.post("/contribuer/ressource/", data)

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.status == "proposed" and resource.contributor == contributor
    assert (resource.file_mime, resource.file_size) == (PDF, len(PDF_BYTES))
    assert resource.file.name.endswith(".pdf")
    assert list(resource.territories.all()) == [nord]


def test_resource_with_a_link(signed_in):
    response = signed_in.post(
        "/contribuer/ressource/", resource_data(external_url="https://exemple.fr/guide")
    )

    assert response.status_code == 302
    assert Resource.objects.get().external_url == "https://exemple.fr/guide"


def test_resource_needs_a_file_or_a_link(signed_in):
    response = signed_in.post("/contribuer/ressource/", resource_data())

    assert response.status_code == 400
    assert "Déposez le fichier de la ressource ou indiquez son lien." in text(response)
    assert not Resource.objects.exists()


@pytest.mark.parametrize("intent", ["draft", "propose"])
def test_resource_upload_refused_keeps_the_draft(signed_in, contributor, intent):
    data = resource_data(intent=intent)
    data["file"] = SimpleUploadedFile("guide.pdf", b"MZ\x90\x00 not a pdf", content_type=PDF)

    response = signed_in.post("/contribuer/ressource/", data)

    assert response.status_code == 400
    page = text(response)
    assert "Ce fichier n'est pas d'un format accepté" in page
    assert "Le reste de votre brouillon est enregistré ; le fichier a été refusé." in page
    resource = Resource.objects.get()
    assert resource.status == "draft"
    assert resource.title == "Guide de l'accueil inconditionnel"
    assert not resource.file and resource.contributor == contributor
    assert f'action="/contribuer/ressource/{resource.pk}/"' in response.content.decode()
    assert not EditorialEvent.objects.exists()

    # the same draft, with a good file this time
    data = resource_data()
    data["file"] = SimpleUploadedFile("guide.pdf", PDF_BYTES, content_type=PDF)
    assert signed_in.post(f"/contribuer/ressource/{resource.pk}/", data).status_code == 302
    resource.refresh_from_db()
    assert resource.status == "proposed" and resource.file_mime == PDF


def test_resource_file_too_large_is_refused(signed_in, settings):
    settings.MAX_UPLOAD_SIZE = 10
    data = resource_data()
    data["file"] = SimpleUploadedFile("guide.pdf", PDF_BYTES, content_type=PDF)

    response = signed_in.post("/contribuer/ressource/", data)

    assert response.status_code == 400
    assert "la taille maximale est de" in text(response)


def test_question_proposed(signed_in, contributor, nord, theme):
    data = {
        "title": "Pourquoi les jeunes sortant de l'ASE renoncent-ils à leurs droits ?",
        "context": "Nous voyons des jeunes majeurs renoncer au contrat jeune majeur.",
        "team": "Service jeunes majeurs",
        "territory": str(nord.pk),
        "themes": [str(theme.pk)],
        "people_supported_took_part": "on",
        "intent": "propose",
        **CREDIT,
    }

    response = signed_in.post("/recherche/questions/proposer/", data)

    assert response.status_code == 302
    question = FieldQuestion.objects.get()
    assert question.status == "proposed" and question.contributor == contributor
    assert question.people_supported_took_part is True
    assert question.slug.startswith("pourquoi-les-jeunes-sortant-de-lase")


def test_question_without_context_is_refused_but_may_be_a_draft(signed_in):
    data = {"title": "Une question", "context": "", "intent": "propose", **CREDIT}

    response = signed_in.post("/recherche/questions/proposer/", data)

    assert response.status_code == 400
    assert "Ce champ est obligatoire." in text(response)
    assert not FieldQuestion.objects.exists()
    data["intent"] = "draft"
    assert signed_in.post("/recherche/questions/proposer/", data).status_code == 302
    assert FieldQuestion.objects.get().status == "draft"


@pytest.mark.parametrize("url", FORMS)
def test_each_form_page_opens(signed_in, url):
    response = signed_in.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="intent" value="draft"' in html and 'name="intent" value="propose"' in html
    assert 'class="ints-honeypot"' in html
    assert 'name="credit_as"' in html


@pytest.mark.parametrize("url", FORMS)
def test_each_form_sends_anonymous_visitors_to_sign_in(client, url, settings):
    settings.LOGIN_URL = "/connexion/"

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/connexion/?next={url}"
