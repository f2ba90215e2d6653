import pytest

from research.enums import Visibility
from tests.factories import LabFactory, ProjectFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [entry.title for entry in response.context["page_obj"].object_list]


def test_publication_is_found_by_site_search(client):
    PublicationFactory(
        title="La pair-aidance en protection de l'enfance",
        abstract="Une enquête auprès des travailleurs pairs.",
    )
    PublicationFactory(title="Cachée pair-aidance", is_public=False)

    response = client.get("/rechercher/?q=pair-aidance")

    assert titles(response) == ["La pair-aidance en protection de l'enfance"]
    kind = next(f for f in response.context["facets"] if f.facet.param == "type")
    assert [o.label for o in kind.options] == ["Publication scientifique"]


def test_search_follows_contributors_labs_and_projects(client):
    publication = PublicationFactory(title="Enquête sur les foyers")
    publication.contributors.create(family_name="Zoubiria", given_names="Nadia")
    publication.contributors.create(
        pseudonym="Anonymisé", visibility=Visibility.ANONYMOUS, family_name="Secretnom"
    )
    LabFactory(name="Laboratoire des solidarités territoriales")
    ProjectFactory(title="Recherche-action sur la débureaucratisation")

    assert titles(client.get("/rechercher/?q=Zoubiria")) == ["Enquête sur les foyers"]
    assert titles(client.get("/rechercher/?q=Secretnom")) == []
    assert len(titles(client.get("/rechercher/?q=solidarités territoriales"))) == 1
    assert titles(client.get("/rechercher/?q=débureaucratisation")) == [
        "Recherche-action sur la débureaucratisation"
    ]


def test_deleted_publication_leaves_the_search(client):
    publication = PublicationFactory(title="Éphémère")
    publication.delete()
    assert titles(client.get("/rechercher/?q=Éphémère")) == []
