"""Offline XML Schema validation of OAI-PMH responses, per metadata format (schemas/README.md)."""

import functools
from pathlib import Path

import xmlschema

SCHEMAS = Path(__file__).parent / "schemas"
XML_XSD = SCHEMAS / "datacite-4.4" / "include" / "xml.xsd"
REMOTE_XML_XSD = (
    "http://www.w3.org/2001/xml.xsd",
    "https://www.w3.org/2001/xml.xsd",
    "http://www.w3.org/2009/01/xml.xsd",
    "https://www.w3.org/2001/03/xml.xsd",
)
FORMAT_SCHEMAS = {
    "oai_dc": [],
    "oai_openaire": [("http://namespace.openaire.eu/schema/oaire/", "openaire-4.0/openaire.xsd")],
    "oai_datacite": [("http://datacite.org/schema/kernel-4", "datacite-4.4/metadata.xsd")],
}


def _local(uri):
    """No schema is fetched from the network: the W3C xml.xsd is the local copy."""
    if uri in REMOTE_XML_XSD or uri.endswith("/xml.xsd"):
        return XML_XSD.as_uri()
    if uri.startswith(("http://", "https://")):
        raise AssertionError(f"schema not kept locally: {uri}")
    return uri


@functools.cache
def schema_for(prefix="oai_dc"):
    locations = [
        ("http://www.openarchives.org/OAI/2.0/oai_dc/", str(SCHEMAS / "oai_dc.xsd")),
        ("http://www.openarchives.org/OAI/2.0/oai-identifier", str(SCHEMAS / "oai-identifier.xsd")),
        *((ns, str(SCHEMAS / path)) for ns, path in FORMAT_SCHEMAS[prefix]),
    ]
    return xmlschema.XMLSchema(
        str(SCHEMAS / "OAI-PMH.xsd"), locations=locations, uri_mapper=_local, allow="local"
    )


def assert_valid(body, prefix="oai_dc"):
    """Raise with every schema error of an OAI-PMH response `body` (bytes)."""
    schema = schema_for(prefix)
    errors = [str(error) for error in schema.iter_errors(body.decode("utf-8"))]
    assert errors == [], errors[0]
