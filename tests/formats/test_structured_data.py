"""Structured data read by extruct on each page type: the schema.org properties search engines
require, BreadcrumbList wherever a breadcrumb shows, social images, Highwire tags, sitemaps."""

import datetime
import json
import re

import extruct
import pytest
import rdflib
from django.core.files.base import ContentFile
from django.utils import timezone

from ints_portal import sitemaps
from resources.agenda.models import Event
from resources.models import ResourceType
from tests.factories import DatasetFactory, PublicationFactory, ResourceFactory
from tests.graph.conftest import linked_records

pytestmark = pytest.mark.django_db

SITE = "https://portail.ints.example"
IMAGE = f"{SITE}/static/img/partage-ints.png"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def extract(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    data = extruct.extract(html, base_url=SITE + url, syntaxes=["json-ld", "opengraph"])
    by_type = {}
    for item in data["json-ld"]:
        by_type.setdefault(item["@type"], []).append(item)
    opengraph = {key: value for entry in data["opengraph"] for key, value in entry["properties"]}
    return by_type, opengraph, html


def breadcrumb_names(by_type):
    [trail] = by_type["BreadcrumbList"]
    return [(e["position"], e["name"], e.get("item", "")) for e in trail["itemListElement"]]


def test_resource_page_has_breadcrumb_list_and_default_image(client):
    resource = ResourceFactory(title="Guide de l'aller-vers")

    by_type, opengraph, _html = extract(client, resource.get_absolute_url())

    assert breadcrumb_names(by_type) == [
        (1, "Accueil", f"{SITE}/"),
        (2, "Ressources", f"{SITE}/ressources/"),
        (3, "Guides", f"{SITE}/ressources/?type=guide"),
        (4, "Guide de l'aller-vers", f"{SITE}{resource.get_absolute_url()}"),
    ]
    [work] = by_type[resource.resource_type.schema_type]
    assert work["image"] == IMAGE
    assert opengraph["og:image"] == IMAGE


def test_video_has_thumbnail_and_upload_date(client):
    video = ResourceFactory(
        title="Vidéo : la pair-aidance",
        resource_type=ResourceType.objects.get(schema_type="VideoObject"),
        external_url="https://video.example/pair-aidance",
    )

    by_type, _opengraph, _html = extract(client, video.get_absolute_url())

    [item] = by_type["VideoObject"]
    assert {"name", "description", "thumbnailUrl", "uploadDate"} <= set(item)
    assert item["thumbnailUrl"] == [IMAGE]
    assert item["uploadDate"] == timezone.localtime(video.publication_date).isoformat(
        timespec="seconds"
    )
    assert item["contentUrl"] == "https://video.example/pair-aidance"


def test_event_has_required_properties_and_cancellation(client):
    start = timezone.now() + datetime.timedelta(days=5)
    event = Event.objects.create(
        title="Journée annulée",
        slug="journee-annulee",
        summary="Une journée.",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=5),
        status="published",
        publication_date=timezone.now() - datetime.timedelta(days=1),
        venue_name="Maison",
        city="Lille",
        is_cancelled=True,
    )

    by_type, _opengraph, _html = extract(client, event.get_absolute_url())

    [item] = by_type["Event"]
    assert {"name", "startDate", "location", "image", "eventStatus"} <= set(item)
    assert item["eventStatus"] == "https://schema.org/EventCancelled"
    assert len(breadcrumb_names(by_type)) >= 2


def test_dataset_has_required_properties(client):
    dataset = DatasetFactory()

    by_type, _opengraph, _html = extract(client, dataset.get_absolute_url())

    [item] = by_type["Dataset"]
    assert {"name", "description", "url", "license", "creator"} - set(item) <= {
        "license",
        "creator",
    }
    assert len(item["description"]) >= 50
    assert "BreadcrumbList" in by_type


def test_publication_has_scholarly_article_and_full_highwire_tags(client):
    publication = PublicationFactory(
        title="Le pouvoir d'agir des familles",
        publication_type="article",
        venue="Vie sociale",
        volume="41",
        issue="2",
        pages="45-67",
        publisher="Érès",
        doi="10.3917/vsoc.041.0045",
        keywords="familles; pouvoir d'agir",
        year=2023,
        authors=[("Élie", "Jean-Marc"), ("Martin", "Anne")],
    )
    publication.file.save("article.pdf", ContentFile(b"%PDF-1.4 article"), save=False)
    type(publication).objects.filter(pk=publication.pk).update(file=publication.file.name)

    by_type, _opengraph, html = extract(client, publication.get_absolute_url())

    [article] = by_type["ScholarlyArticle"]
    assert {"headline", "author", "datePublished", "image", "publisher"} <= set(article)
    tags = re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', html)
    assert tags == [
        ("citation_title", "Le pouvoir d&#x27;agir des familles"),
        ("citation_author", "Élie, Jean-Marc"),
        ("citation_author", "Martin, Anne"),
        ("citation_publication_date", "2023"),
        ("citation_language", "fr"),
        ("citation_abstract_html_url", f"{SITE}{publication.get_absolute_url()}"),
        ("citation_pdf_url", f"{SITE}{publication.get_absolute_url()}telecharger/"),
        ("citation_journal_title", "Vie sociale"),
        ("citation_publisher", "Érès"),
        ("citation_volume", "41"),
        ("citation_issue", "2"),
        ("citation_firstpage", "45"),
        ("citation_lastpage", "67"),
        ("citation_doi", "10.3917/vsoc.041.0045"),
        ("citation_keywords", "familles; pouvoir d&#x27;agir"),
    ]


def test_home_page_has_a_social_image_but_no_breadcrumb_list(client):
    by_type, opengraph, html = extract(client, "/")

    assert "BreadcrumbList" not in by_type
    assert f'<meta property="og:image" content="{IMAGE}">' in html


def test_sitemap_index_pages_every_section_on_the_site_domain(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ResourceSitemap, "limit", 2)
    resources = [ResourceFactory() for _ in range(5)]

    index = client.get("/sitemap.xml")
    locations = re.findall(r"<loc>([^<]+)</loc>", index.content.decode())
    page_three = client.get("/sitemap-ressources.xml", {"p": 3}).content.decode()

    assert index.status_code == 200
    assert f"{SITE}/sitemap-ressources.xml?p=3" in locations
    assert f"{SITE}/sitemap-ressources.xml?p=4" not in locations
    assert all(location.startswith(f"{SITE}/sitemap-") for location in locations)
    assert f"<loc>{SITE}{resources[4].get_absolute_url()}</loc>" in page_three
    assert "testserver" not in page_three


def test_robots_txt_points_at_the_sitemap_index_on_the_site_domain(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert f"Sitemap: {SITE}/sitemap.xml\n" in response.content.decode()


# The linked graph (editorial.graph): the same links as the pages' blocks, read by extruct and
# again by rdflib as RDF (schema.org's context given locally: no network in tests).

# rdflib's JSON-LD parser builds a ConjunctiveGraph inside (rdflib 7.x).
RDFLIB_WARNING = "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"


@pytest.fixture
def web(db):
    return linked_records()


def _rdf(client, url):
    html = client.get(url).content.decode()
    data = extruct.extract(html, base_url=SITE + url, syntaxes=["json-ld"])["json-ld"]
    graph = rdflib.Graph()
    for item in data:
        item["@context"] = {"@vocab": "https://schema.org/"}
        graph.parse(data=json.dumps(item), format="json-ld")
    return graph


def _linked(graph, url, prop):
    """The URLs that the node whose url is `url` points to by schema.org property `prop`."""
    schema = rdflib.Namespace("https://schema.org/")
    found = set()
    for node in graph.subjects(schema.url, rdflib.Literal(SITE + url)):
        for other in graph.objects(node, schema[prop]):
            found |= {str(u) for u in graph.objects(other, schema.url)}
    return found


def _abs(obj):
    return SITE + obj.get_absolute_url()


@pytest.mark.filterwarnings(RDFLIB_WARNING)
def test_publication_json_ld_names_its_event_and_its_data(client, web):
    by_type, _og, _html = extract(client, web.publication.get_absolute_url())
    [article] = by_type["ScholarlyArticle"]

    assert article["subjectOf"] == [
        {"@type": "Event", "name": web.event.title, "url": _abs(web.event)}
    ]
    assert article["isBasedOn"] == [
        {"@type": "Dataset", "name": web.dataset.title, "url": _abs(web.dataset)}
    ]
    graph = _rdf(client, web.publication.get_absolute_url())
    assert _linked(graph, web.publication.get_absolute_url(), "subjectOf") == {_abs(web.event)}


@pytest.mark.filterwarnings(RDFLIB_WARNING)
def test_event_json_ld_features_the_publication_and_its_speaker(client, web):
    by_type, _og, _html = extract(client, web.event.get_absolute_url())
    [event] = by_type["Event"]

    assert event["workFeatured"] == [
        {"@type": "CreativeWork", "name": web.publication.title, "url": _abs(web.publication)}
    ]
    assert event["performer"] == [
        {"@type": "Person", "name": str(web.researcher), "url": _abs(web.researcher)}
    ]
    graph = _rdf(client, web.event.get_absolute_url())
    assert _linked(graph, web.event.get_absolute_url(), "workFeatured") == {_abs(web.publication)}


@pytest.mark.filterwarnings(RDFLIB_WARNING)
def test_project_json_ld_is_funded_by_its_call(client, web):
    by_type, _og, _html = extract(client, web.project.get_absolute_url())
    [project] = by_type["ResearchProject"]

    assert project["funding"] == {
        "@type": "Grant",
        "name": web.call.title,
        "url": _abs(web.call),
        "funder": {
            "@type": "GovernmentOrganization",
            "name": "Institut national du travail social",
        },
    }
    assert project["funder"]["name"] == "Institut national du travail social"
    graph = _rdf(client, web.project.get_absolute_url())
    assert _linked(graph, web.project.get_absolute_url(), "funding") == {_abs(web.call)}


def test_dataset_and_resource_json_ld_say_what_they_are_about(client, web):
    by_type, _og, _html = extract(client, web.dataset.get_absolute_url())
    [dataset] = by_type["Dataset"]
    by_type, _og, _html = extract(client, web.resource.get_absolute_url())
    [resource] = by_type[web.resource.resource_type.schema_type]

    question = {"@type": "Question", "name": web.question.title}  # its page: issue 23's h23q
    assert [{k: v for k, v in q.items() if k != "url"} for q in dataset["about"]] == [question]
    assert [{k: v for k, v in q.items() if k != "url"} for q in resource["about"]] == [question]
    assert dataset["subjectOf"][0]["url"] == _abs(web.publication)


def test_an_unpublished_neighbour_leaves_the_json_ld(client, web):
    web.event.status = "draft"
    web.event.save()

    by_type, _og, _html = extract(client, web.publication.get_absolute_url())

    assert "subjectOf" not in by_type["ScholarlyArticle"][0]
