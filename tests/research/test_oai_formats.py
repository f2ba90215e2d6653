"""Every OAI-PMH response valid against the schemas kept in tests/research/schemas, for the three
metadata formats; persistent deletions; datestamps that move with what a record shows."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from research import oai
from research.enums import PublicationType, Visibility
from research.models import OAITombstone
from research.oai_formats import DATACITE_NS, DC_NS, OAIRE_NS
from resources.models import Resource, ResourceType, Theme
from tests.factories import PublicationFactory, ResourceFactory
from tests.research.oai_schemas import assert_valid

pytestmark = pytest.mark.django_db

PREFIXES = ["oai_dc", "oai_openaire", "oai_datacite"]
NS = {"oai": oai.OAI_NS, "dc": DC_NS, "oaire": OAIRE_NS, "datacite": DATACITE_NS}
HOUR_AGO = timezone.now() - datetime.timedelta(hours=1)


def fetch(client, prefix="oai_dc", **params):
    response = client.get("/oai/", params)
    assert response.status_code == 200
    assert_valid(response.content, prefix)
    return ET.fromstring(response.content)


@pytest.fixture
def catalogue(settings):
    settings.SITE_URL = "https://portail.ints.gouv.fr"
    theme = Theme.objects.first()
    for n, publication_type in enumerate(PublicationType.values):
        publication = PublicationFactory(
            title=f"Publication {publication_type} : accents, « guillemets » & co",
            publication_type=publication_type,
            venue="Vie sociale",
            volume="41",
            issue="2",
            pages="45-67",
            publisher="Presses de l'EHESP",
            doi=f"10.99999/oai.{n}" if n % 2 else "",
            hal_id="hal-01234567" if n == 0 else "",
            open_access_url="https://hal.science/hal-01234567" if n == 0 else "",
            licence="cc-by" if n == 0 else "",
            keywords="pair-aidance; enfance",
            authors=[("Élie", "Jean-Marc"), ("Collectif Paroles & Co", "")],
            themes=[theme],
        )
        publication.contributors.create(
            position=2, visibility=Visibility.PSEUDONYM, pseudonym="Camille R."
        )
    ResourceFactory(title="Un guide", authors="Claire Martin; Jean de La Fontaine; DREES")
    ResourceFactory(
        title="Une vidéo", resource_type=ResourceType.objects.get(schema_type="VideoObject")
    )
    return theme


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_verb_is_schema_valid_in_each_format(client, catalogue, prefix, monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 4)
    identifier = oai.oai_identifier("resource", ResourceFactory(title="Seul").pk)

    fetch(client, verb="Identify")
    fetch(client, verb="ListMetadataFormats", identifier=identifier)
    fetch(client, verb="ListSets")
    root = fetch(client, prefix, verb="ListRecords", metadataPrefix=prefix)
    token = root.findtext(".//oai:resumptionToken", namespaces=NS)
    fetch(client, prefix, verb="ListRecords", resumptionToken=token)
    fetch(client, prefix, verb="ListIdentifiers", metadataPrefix=prefix, set="resource")
    record = fetch(client, prefix, verb="GetRecord", identifier=identifier, metadataPrefix=prefix)

    assert len(root.findall(".//oai:record", NS)) == 4
    assert record.find(".//oai:metadata", NS)[0].tag.startswith("{")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_whole_list_of_records_is_valid_in_each_format(client, catalogue, prefix):
    root = fetch(client, prefix, verb="ListRecords", metadataPrefix=prefix)

    assert len(root.findall(".//oai:record", NS)) == len(PublicationType.values) + 2


def test_errors_are_schema_valid(client, catalogue):
    for params in [
        {"verb": "Nope"},
        {"verb": "ListRecords", "metadataPrefix": "marc21"},
        {"verb": "GetRecord", "identifier": "oai:x:publication/1", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords", "resumptionToken": "forged"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"},
    ]:
        root = fetch(client, **params)
        assert root.find("oai:error", NS) is not None


def test_openaire_record_of_an_article(client, catalogue):
    article = catalogue.publications.get(publication_type="article")
    identifier = oai.oai_identifier("publication", article.pk)

    root = fetch(
        client,
        "oai_openaire",
        verb="GetRecord",
        identifier=identifier,
        metadataPrefix="oai_openaire",
    )

    resource = root.find(".//oaire:resource", NS)
    creators = [e.text for e in resource.findall(".//datacite:creatorName", NS)]
    assert creators == ["Élie, Jean-Marc", "Collectif Paroles & Co", "Camille R."]
    assert resource.find("oaire:resourceType", NS).get("uri") == (
        "http://purl.org/coar/resource_type/c_6501"
    )
    assert resource.findtext("oaire:citationTitle", namespaces=NS) == "Vie sociale"
    assert resource.findtext("oaire:citationStartPage", namespaces=NS) == "45"
    assert resource.find("datacite:identifier", NS).get("identifierType") == "URL"


def test_resource_creators_are_family_given_like_publications(client, catalogue):
    guide = Resource.objects.get(title="Un guide")
    identifier = oai.oai_identifier("resource", guide.pk)

    root = fetch(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")

    assert [e.text for e in root.findall(".//dc:creator", NS)] == [
        "Martin, Claire",
        "de La Fontaine, Jean",
        "DREES",
    ]


def test_unpublished_and_deleted_records_are_announced_as_deleted(client, catalogue):
    publication = catalogue.publications.first()
    resource = ResourceFactory(title="Retirée", themes=[catalogue])
    gone_pk = resource.pk

    publication.is_public = False
    publication.save()
    resource.delete()
    root = fetch(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=f"theme:{catalogue.slug}"
    )
    record = fetch(
        client,
        "oai_datacite",
        verb="GetRecord",
        identifier=oai.oai_identifier("resource", gone_pk),
        metadataPrefix="oai_datacite",
    )

    deleted = {
        h.findtext("oai:identifier", namespaces=NS)
        for h in root.findall("oai:ListIdentifiers/oai:header", NS)
        if h.get("status") == "deleted"
    }
    assert deleted == {
        oai.oai_identifier("publication", publication.pk),
        oai.oai_identifier("resource", gone_pk),
    }
    assert record.find(".//oai:header", NS).get("status") == "deleted"
    assert record.find(".//oai:metadata", NS) is None
    assert fetch(client, verb="Identify").findtext(".//oai:deletedRecord", namespaces=NS) == (
        "persistent"
    )


def test_republishing_removes_the_tombstone(client, catalogue):
    publication = catalogue.publications.first()
    publication.is_public = False
    publication.save()

    publication.is_public = True
    publication.save()

    assert not OAITombstone.objects.exists()


def test_adding_a_theme_moves_the_datestamp(client, catalogue):
    resource = ResourceFactory(title="Sans thème")
    type(resource).objects.filter(pk=resource.pk).update(updated_at=HOUR_AGO)
    since = (timezone.now() - datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    identifier = oai.oai_identifier("resource", resource.pk)

    def harvested():
        root = fetch(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": since})
        return {h.text for h in root.findall(".//oai:identifier", NS)}

    before = harvested()
    resource.themes.add(catalogue)
    after = harvested()

    assert identifier not in before
    assert identifier in after


def test_a_publication_date_moved_into_the_future_leaves_a_tombstone(client, catalogue):
    resource = ResourceFactory(title="Reportée", themes=[catalogue])
    identifier = oai.oai_identifier("resource", resource.pk)
    live = fetch(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert live.find(".//oai:metadata", NS) is not None

    resource.publication_date = timezone.now() + datetime.timedelta(days=30)
    resource.save()
    record = fetch(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    listed = fetch(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="resource")

    assert record.find(".//oai:error", NS) is None
    assert record.find(".//oai:header", NS).get("status") == "deleted"
    assert [
        h.get("status")
        for h in listed.findall("oai:ListIdentifiers/oai:header", NS)
        if h.findtext("oai:identifier", namespaces=NS) == identifier
    ] == ["deleted"]


def test_a_tombstone_is_not_listed_once_the_scheduled_date_has_come(client, catalogue):
    resource = ResourceFactory(title="Reportée", themes=[catalogue])
    identifier = oai.oai_identifier("resource", resource.pk)
    resource.publication_date = timezone.now() + datetime.timedelta(days=30)
    resource.save()

    # The date comes without any save (the clock moves): the live record only is listed.
    Resource.objects.filter(pk=resource.pk).update(publication_date=HOUR_AGO)
    listed = fetch(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="resource")

    headers = [
        h
        for h in listed.findall("oai:ListIdentifiers/oai:header", NS)
        if h.findtext("oai:identifier", namespaces=NS) == identifier
    ]
    assert [h.get("status") for h in headers] == [None]


def test_base_url_and_request_come_from_the_site_url_not_the_host_header(client, catalogue):
    response = client.get("/oai/", {"verb": "Identify"}, HTTP_HOST="localhost")
    root = ET.fromstring(response.content)

    assert root.findtext("oai:request", namespaces=NS) == "https://portail.ints.gouv.fr/oai/"
    assert root.findtext(".//oai:baseURL", namespaces=NS) == "https://portail.ints.gouv.fr/oai/"


@pytest.mark.parametrize("prefix", ["oai_openaire", "oai_datacite"])
def test_pseudonymous_people_are_personal_and_corporate_authors_organizational(client, prefix):
    publication = PublicationFactory(
        is_public=True, authors=[("Conseil départemental du Nord, direction de l'enfance", "")]
    )
    publication.contributors.create(
        position=1, visibility=Visibility.PSEUDONYM, pseudonym="Kenza B.", role="person_supported"
    )
    identifier = oai.oai_identifier("publication", publication.pk)

    root = fetch(client, prefix, verb="GetRecord", identifier=identifier, metadataPrefix=prefix)

    names = root.findall(f".//{{{DATACITE_NS}}}creatorName")
    assert [(n.text, n.get("nameType")) for n in names] == [
        ("Conseil départemental du Nord, direction de l'enfance", "Organizational"),
        ("Kenza B.", "Personal"),
    ]
