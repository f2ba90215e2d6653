import json
import re

import pytest

from research.enums import Visibility
from resources.models import Territory, Theme
from tests.factories import (
    ContractOfferFactory,
    LabFactory,
    ProjectFactory,
    PublicationFactory,
    ResearcherFactory,
    ResourceFactory,
)
from tests.helpers import sitemap_text

pytestmark = pytest.mark.django_db


def listed(response):
    return [str(item) for item in response.context["page_obj"].object_list]


def json_ld(response):
    match = re.search(
        rb'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', response.content, re.S
    )
    return json.loads(match.group(1))


@pytest.fixture
def occitanie():
    return Territory.objects.get(kind="region", code="76")


@pytest.fixture
def child_protection():
    return Theme.objects.get(slug="protection-de-lenfance")


def test_home_lists_each_part(client):
    PublicationFactory(title="Écouter les enfants placés")
    ProjectFactory(title="Recherche-action à Toulouse")
    ContractOfferFactory(title="Thèse CIFRE sur l'aller-vers")

    response = client.get("/recherche/")

    assert response.status_code == 200
    for text in [
        "Écouter les enfants placés",
        "Recherche-action à Toulouse",
        "Thèse CIFRE sur l&#x27;aller-vers",
    ]:
        assert text in response.content.decode()


def test_researcher_finds_child_protection_labs_in_occitanie(client, occitanie, child_protection):
    LabFactory(name="Lab Toulouse", acronym="", region=occitanie, themes=[child_protection])
    LabFactory(
        name="Lab Lille",
        acronym="",
        themes=[child_protection],
        region=Territory.objects.get(kind="region", code="32"),
    )
    LabFactory(name="Lab Montpellier", acronym="", region=occitanie)

    response = client.get("/recherche/laboratoires/?region=occitanie&theme=protection-de-lenfance")

    assert listed(response) == ["Lab Toulouse"]
    region_facet = next(f for f in response.context["facets"] if f.facet.param == "region")
    assert {(o.label, o.count) for o in region_facet.options} == {
        ("Occitanie", 1),
        ("Hauts-de-France", 1),
    }


def test_publication_facets_type_lab_region_year_with_french_labels(client, occitanie):
    lab = LabFactory(slug="lisst", region=occitanie)
    PublicationFactory(title="A", publication_type="report", year=2023, labs=[lab])
    PublicationFactory(title="B", publication_type="article", year=2024, labs=[lab])
    PublicationFactory(title="C", publication_type="article", year=2024)
    PublicationFactory(title="Cachée", is_public=False, labs=[lab])

    response = client.get("/recherche/publications/?laboratoire=lisst&region=occitanie")

    assert listed(response) == ["B", "A"]
    facets = {f.facet.param: f for f in response.context["facets"]}
    assert {(o.label, o.count) for o in facets["type"].options} == {("Rapport", 1), ("Article", 1)}
    assert [(o.label, o.count) for o in facets["annee"].options] == [("2024", 1), ("2023", 1)]
    assert listed(client.get("/recherche/publications/?type=article&annee=2024")) == ["B", "C"]


def test_project_facets_status_and_type(client):
    ProjectFactory(title="En cours", status="ongoing", project_type="thesis")
    ProjectFactory(title="Fini", status="completed", project_type="thesis")

    response = client.get("/recherche/projets/?etat=completed&type=thesis")

    assert listed(response) == ["Fini"]
    status = next(f for f in response.context["facets"] if f.facet.param == "etat")
    assert {o.label for o in status.options} == {"En cours", "Terminé"}


def test_closed_contracts_leave_the_list(client):
    ContractOfferFactory(title="Ouvert")
    closed = ContractOfferFactory(title="Fermé", closed=True)

    assert listed(client.get("/recherche/contrats/")) == ["Ouvert"]
    detail = client.get(closed.get_absolute_url())
    assert detail.status_code == 200
    assert "Candidatures closes" in detail.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/recherche/publications/",
        "/recherche/projets/",
        "/recherche/laboratoires/",
        "/recherche/contrats/",
    ],
)
@pytest.mark.parametrize(
    "params",
    [
        "?page=abc",
        "?page=-1",
        "?page=99999",
        "?annee=deux-mille",
        "?theme=%00",
        "?type=" + "x" * 500,
        "?q=%00%01",
        "?q=" + "é" * 400,
        "?region=<b>&region=a",
        "?q=\"unbalanced&etat=', 'x",
    ],
)
def test_lists_never_fail_on_bad_parameters(client, url, params):
    PublicationFactory()
    assert client.get(url + params).status_code == 200


def test_publication_detail_links_both_ways_and_json_ld(client, child_protection):
    lab = LabFactory(name="Laboratoire interdisciplinaire", acronym="LISST")
    project = ProjectFactory(title="Paroles d'enfants", labs=[lab])
    resource = ResourceFactory(title="Fiche : recueillir la parole")
    project.resources.add(resource)
    publication = PublicationFactory(
        title="Recueillir la parole des enfants placés",
        slug="recueillir-la-parole",
        year=2023,
        venue="Revue française de service social",
        doi="10.1234/RFSS.2023.5",
        authors=[("Dupont", "Marie"), ("Martin", "Anne-Sophie")],
        labs=[lab],
        themes=[child_protection],
    )
    publication.contributors.create(
        position=2, role="person_supported", visibility=Visibility.PSEUDONYM, pseudonym="Léa"
    )
    publication.contributors.create(
        position=3, role="practitioner", visibility=Visibility.ANONYMOUS
    )
    publication.projects.add(project)
    publication.resources.add(resource)

    response = client.get("/recherche/publications/recueillir-la-parole/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["citation"] == (
        "Dupont, M., Martin, A.-S., & Léa (2023). Recueillir la parole des enfants placés. "
        "Revue française de service social. https://doi.org/10.1234/rfss.2023.5"
    )
    assert "Contributeur·rice anonyme — Professionnel·le co-chercheur·e" in html
    for url in [lab.get_absolute_url(), project.get_absolute_url(), resource.get_absolute_url()]:
        assert f'href="{url}"' in html
    data = json_ld(response)
    assert data["@type"] == "ScholarlyArticle"
    assert [a["name"] for a in data["author"]] == ["Marie Dupont", "Anne-Sophie Martin", "Léa"]
    assert data["identifier"][0] == {
        "@type": "PropertyValue",
        "propertyID": "DOI",
        "value": "10.1234/rfss.2023.5",
    }
    # ...and back: the project and the lab show the publication.
    for page in [project.get_absolute_url(), lab.get_absolute_url()]:
        assert (
            'href="/recherche/publications/recueillir-la-parole/"'
            in client.get(page).content.decode()
        )
    assert resource.get_absolute_url() in client.get(lab.get_absolute_url()).content.decode()


def test_project_and_lab_json_ld(client, occitanie):
    lab = LabFactory(
        name="Centre d'étude", acronym="CE", region=occitanie, website="https://ce.example.fr"
    )
    project = ProjectFactory(title="Évaluer l'aller-vers", labs=[lab], funding="INTS")

    lab_data = json_ld(client.get(lab.get_absolute_url()))
    project_data = json_ld(client.get(project.get_absolute_url()))

    assert lab_data["@type"] == "Organization"
    assert lab_data["alternateName"] == "CE"
    assert lab_data["address"]["addressRegion"] == "Occitanie"
    assert project_data["@type"] == "ResearchProject"
    assert project_data["parentOrganization"][0]["name"] == "Centre d'étude"
    assert project_data["funder"] == {"@type": "Organization", "name": "INTS"}


def test_unpublished_or_unconsented_pages_are_not_found(client):
    lab = LabFactory(is_public=False)
    publication = PublicationFactory(is_public=False)
    researcher = ResearcherFactory()
    consented = ResearcherFactory(consented=True)

    assert client.get(lab.get_absolute_url()).status_code == 404
    assert client.get(publication.get_absolute_url()).status_code == 404
    assert client.get(researcher.get_absolute_url()).status_code == 404
    assert client.get(consented.get_absolute_url()).status_code == 200
    assert client.get("/recherche/publications/inconnue/").status_code == 404


def test_lab_lists_only_consenting_researchers(client):
    lab = LabFactory()
    ResearcherFactory(lab=lab, family_name="Visible", consented=True)
    ResearcherFactory(lab=lab, family_name="Discret")

    html = client.get(lab.get_absolute_url()).content.decode()

    assert "Visible" in html
    assert "Discret" not in html


@pytest.mark.parametrize(
    ("url", "factory"),
    [
        ("/recherche/publications/", PublicationFactory),
        ("/recherche/projets/", ProjectFactory),
        ("/recherche/laboratoires/", LabFactory),
        ("/recherche/contrats/", ContractOfferFactory),
    ],
)
def test_list_pages_run_a_constant_number_of_queries(
    client, url, factory, child_protection, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factory(themes=[child_protection])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(15):
        factory(themes=[child_protection])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)
    assert len(one) <= 14


def test_home_and_details_run_a_constant_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lab = LabFactory()
    publication = PublicationFactory(labs=[lab], authors=[("A", "B")])
    with CaptureQueriesContext(connection) as one:
        client.get("/recherche/")
        client.get(publication.get_absolute_url())
    for n in range(10):
        PublicationFactory(labs=[lab], authors=[("A", "B"), ("C", f"D{n}")])
    publication.contributors.create(position=5, family_name="Ajout")
    with CaptureQueriesContext(connection) as many:
        client.get("/recherche/")
        client.get(publication.get_absolute_url())
    assert len(many) == len(one)


def test_sitemap_lists_research_pages(client):
    publication = PublicationFactory(slug="dans-le-plan")
    LabFactory(slug="lab-du-plan")

    body = sitemap_text(client)

    assert publication.get_absolute_url() in body
    assert "/recherche/laboratoires/lab-du-plan/" in body


@pytest.mark.django_db
def test_resource_page_links_back_to_projects_and_publications(client):
    from research.models import Project, Publication
    from tests.factories import ResourceFactory

    resource = ResourceFactory(title="Pratique d'aller-vers")
    project = Project.objects.create(
        title="Recherche-action aller-vers",
        slug="ra-aller-vers",
        project_type="research_action",
        summary="Résumé.",
    )
    project.resources.add(resource)
    hidden = Project.objects.create(
        title="Projet masqué",
        slug="masque",
        is_public=False,
        project_type="study",
        summary="Résumé.",
    )
    hidden.resources.add(resource)

    html = client.get(resource.get_absolute_url()).content.decode()

    assert "Projets de recherche liés" in html
    assert f'href="{project.get_absolute_url()}"' in html
    assert "Projet masqué" not in html
    assert "Publications liées" not in html
    assert Publication.objects.count() == 0
