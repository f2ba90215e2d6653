import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from research import oai, oai_formats
from resources.models import Theme
from tests.factories import PublicationFactory, ResourceFactory

pytestmark = pytest.mark.django_db
NS = {"oai": oai.OAI_NS, "dc": oai_formats.DC_NS, "oai_dc": oai_formats.OAI_DC_NS}


def get(client, **params):
    response = client.get("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return ET.fromstring(response.content)


def error_code(root):
    error = root.find("oai:error", NS)
    return error.get("code") if error is not None else None


def identifiers(root):
    return [node.text for node in root.iterfind(".//oai:header/oai:identifier", NS)]


def test_identify(client):
    PublicationFactory()

    root = get(client, verb="Identify")

    identify = root.find("oai:Identify", NS)
    assert identify.findtext("oai:protocolVersion", namespaces=NS) == "2.0"
    assert identify.findtext("oai:baseURL", namespaces=NS) == "https://127.0.0.1:8000/oai/"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "persistent"
    assert root.find("oai:request", NS).get("verb") == "Identify"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "hier"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-13-45"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-01-01",
                "until": "2024-02-01T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2025-01-01",
                "until": "2024-01-01",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "1990-01-01"},
            "noRecordsMatch",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "inconnu"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "resumptionToken": "falsifié"}, "badResumptionToken"),
        (
            {"verb": "ListIdentifiers", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": "oai:autre:publication/1",
            },
            "idDoesNotExist",
        ),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": "oai:ints.gouv.fr:publication/999999",
            },
            "idDoesNotExist",
        ),
        ({"verb": "GetRecord", "identifier": "oai:ints.gouv.fr:publication/1"}, "badArgument"),
        (
            {"verb": "ListMetadataFormats", "identifier": "oai:ints.gouv.fr:resource/abc"},
            "idDoesNotExist",
        ),
        ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "\x00"}, "badArgument"),
    ],
)
def test_protocol_errors(client, params, code):
    PublicationFactory(title="Une publication")
    root = get(client, **params)
    assert error_code(root) == code
    if code in ("badVerb", "badArgument"):
        assert root.find("oai:request", NS).attrib == {}


def test_post_requests_are_accepted(client):
    PublicationFactory()
    response = client.post("/oai/", {"verb": "Identify"})
    assert error_code(ET.fromstring(response.content)) is None


def test_get_record_in_oai_dc(client):
    theme = Theme.objects.get(slug="protection-de-lenfance")
    publication = PublicationFactory(
        title="Placement & parole",
        year=2022,
        doi="10.1000/xyz",
        themes=[theme],
        authors=[("Dupont", "Marie")],
        keywords="placement; parole",
    )
    identifier = f"oai:ints.gouv.fr:publication/{publication.pk}"

    root = get(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier)

    record = root.find("oai:GetRecord/oai:record", NS)
    header = record.find("oai:header", NS)
    assert header.findtext("oai:identifier", namespaces=NS) == identifier
    assert [s.text for s in header.iterfind("oai:setSpec", NS)] == [
        "publication",
        "publication:article",
        "theme:protection-de-lenfance",
    ]
    dc = record.find("oai:metadata/oai_dc:dc", NS)
    values = [(child.tag.split("}")[1], child.text) for child in dc]
    assert ("title", "Placement & parole") in values
    assert ("creator", "Dupont, Marie") in values
    assert ("date", "2022") in values
    assert ("identifier", "https://doi.org/10.1000/xyz") in values
    assert ("type", "info:eu-repo/semantics/article") in values
    assert ("subject", "parole") in values


def test_sets_by_type_and_theme_and_dates(client):
    theme = Theme.objects.get(slug="handicap")
    report = PublicationFactory(publication_type="report", themes=[theme])
    PublicationFactory(publication_type="article")
    guide = ResourceFactory(themes=[theme])
    ResourceFactory(draft=True, themes=[theme])

    def listed(**params):
        return identifiers(get(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params))

    assert listed(set="publication:report") == [f"oai:ints.gouv.fr:publication/{report.pk}"]
    assert listed(set="theme:handicap") == [
        f"oai:ints.gouv.fr:publication/{report.pk}",
        f"oai:ints.gouv.fr:resource/{guide.pk}",
    ]
    assert listed(set="resource") == [f"oai:ints.gouv.fr:resource/{guide.pk}"]
    today = timezone.now().astimezone(datetime.UTC).date()
    assert len(listed(**{"from": today.isoformat(), "until": today.isoformat()})) == 3
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert (
        error_code(
            get(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": tomorrow})
        )
        == "noRecordsMatch"
    )


def test_list_sets_has_types_and_themes(client):
    root = get(client, verb="ListSets")
    specs = [node.text for node in root.iterfind(".//oai:setSpec", NS)]
    assert {
        "publication",
        "publication:thesis",
        "resource",
        "resource:guide",
        "theme:handicap",
    } <= set(specs)


def test_resumption_tokens_page_through_everything(client, monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 2)
    publications = [PublicationFactory() for _ in range(3)]
    resources = [ResourceFactory() for _ in range(2)]

    root = get(client, verb="ListRecords", metadataPrefix="oai_dc")
    seen = identifiers(root)
    token = root.find(".//oai:resumptionToken", NS)
    assert (token.get("completeListSize"), token.get("cursor")) == ("5", "0")
    while token is not None and token.text:
        root = get(client, verb="ListRecords", resumptionToken=token.text)
        seen += identifiers(root)
        token = root.find(".//oai:resumptionToken", NS)

    assert seen == [f"oai:ints.gouv.fr:publication/{p.pk}" for p in publications] + [
        f"oai:ints.gouv.fr:resource/{r.pk}" for r in resources
    ]
    assert token.get("cursor") == "4"


def test_list_records_runs_a_constant_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PublicationFactory(authors=[("A", "B")])
    ResourceFactory()
    with CaptureQueriesContext(connection) as one:
        get(client, verb="ListRecords", metadataPrefix="oai_dc")
    for _ in range(10):
        PublicationFactory(authors=[("A", "B"), ("C", "D")])
        ResourceFactory()
    with CaptureQueriesContext(connection) as many:
        get(client, verb="ListRecords", metadataPrefix="oai_dc")
    assert len(many) == len(one)
