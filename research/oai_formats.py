"""Metadata formats of the OAI-PMH repository: oai_dc, oai_openaire and oai_datacite.

Each record (a publication or a published resource) is first described once, as `Described`, so
that the three formats say the same thing: one creator form (« Family, Given »), one type, one
access right. `oai_openaire` follows the OpenAIRE Guidelines for Literature Repositories v4 (as
HAL and DSpace serve it); `oai_datacite` is a DataCite kernel 4.4 `resource`.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from bibtexparser.middlewares.names import parse_single_name_into_parts
from django.conf import settings
from django.utils import timezone

from research.enums import PublicationType, Visibility

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAIRE_NS = "http://namespace.openaire.eu/schema/oaire/"
DATACITE_NS = "http://datacite.org/schema/kernel-4"
INSTITUTE = "Institut national du travail social"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

for prefix, namespace in (
    ("xsi", XSI_NS),
    ("dc", DC_NS),
    ("oai_dc", OAI_DC_NS),
    ("oaire", OAIRE_NS),
    ("datacite", DATACITE_NS),
):
    ET.register_namespace(prefix, namespace)


@dataclass(frozen=True)
class Format:
    prefix: str
    schema: str
    namespace: str
    write: object  # callable(metadata_element, Described)


@dataclass
class Creator:
    name: str  # « Family, Given », a collective's name or a pseudonym
    family: str = ""
    given: str = ""
    personal: bool = True


@dataclass
class Described:
    """What a record shows, whatever the format."""

    title: str
    url: str
    year: str
    date: str  # ISO date, or the year
    language: str  # ISO 639-1
    creators: list = field(default_factory=list)
    contributors: list = field(default_factory=list)
    subjects: list = field(default_factory=list)
    description: str = ""
    publisher: str = ""
    types: tuple = ()  # (eu-repo, COAR uri, COAR label, OpenAIRE general, DataCite, label)
    doi: str = ""
    hal_id: str = ""
    other_urls: list = field(default_factory=list)
    venue: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    open_access: bool = False
    licence_url: str = ""
    licence_label: str = ""
    file_url: str = ""
    relations: list = field(default_factory=list)


def text(value):
    return _INVALID_XML.sub("", str(value))


def sub(parent, tag, value=None, **attrs):
    element = ET.SubElement(parent, tag, {k: text(v) for k, v in attrs.items() if v})
    if value is not None:
        element.text = text(value)
    return element


def q(ns, tag):
    return f"{{{ns}}}{tag}"


# Describing records ---------------------------------------------------------------------------

# (info:eu-repo type, COAR resource type uri, COAR label, OpenAIRE general type, DataCite type)
PUBLICATION_TYPES = {
    PublicationType.ARTICLE: (
        "article",
        "c_6501",
        "journal article",
        "literature",
        "JournalArticle",
    ),
    PublicationType.REPORT: ("report", "c_93fc", "report", "literature", "Report"),
    PublicationType.THESIS: (
        "doctoralThesis",
        "c_db06",
        "doctoral thesis",
        "literature",
        "Dissertation",
    ),
    PublicationType.BOOK: ("book", "c_2f33", "book", "literature", "Book"),
    PublicationType.CHAPTER: ("bookPart", "c_3248", "book part", "literature", "BookChapter"),
    PublicationType.COMMUNICATION: (
        "conferenceObject",
        "c_c94f",
        "conference object",
        "literature",
        "ConferencePaper",
    ),
    PublicationType.DATASET: ("dataset", "c_ddb1", "dataset", "dataset", "Dataset"),
}
RESOURCE_TYPES = {
    "VideoObject": ("other", "c_12ce", "video", "other research product", "Audiovisual"),
    "AudioObject": ("other", "c_18cc", "sound", "other research product", "Sound"),
    "Dataset": ("dataset", "c_ddb1", "dataset", "dataset", "Dataset"),
}
RESOURCE_DEFAULT_TYPE = ("other", "c_18cf", "text", "literature", "Text")


def _types(values, label):
    eu_repo, coar, coar_label, general, datacite = values
    return (
        f"info:eu-repo/semantics/{eu_repo}",
        f"http://purl.org/coar/resource_type/{coar}",
        coar_label,
        general,
        datacite,
        label,
    )


def _contributor_creator(contributor):
    if contributor.visibility == Visibility.PSEUDONYM:
        # A pseudonymous person is still a person (nameType="Personal"), without split names.
        return Creator(contributor.pseudonym)
    if contributor.is_organisation:
        return Creator(contributor.family_name, personal=False)
    return Creator(
        f"{contributor.family_name}, {contributor.given_names}",
        contributor.family_name,
        contributor.given_names,
    )


def name_creator(name):
    """A free-text name (« Claire Martin », « Dupont, Marie », « DREES ») as a Creator."""
    parts = parse_single_name_into_parts(name.strip())
    family = " ".join([*parts.von, *parts.last])
    given = " ".join(parts.first)
    if not given:
        return Creator(family, personal=False)
    return Creator(f"{family}, {given}", family, given)


def describe_publication(publication):
    cited = publication.cited_contributors
    others = [c for c in publication.contributors.all() if c.is_cited and c not in cited]
    open_access = bool(publication.file or publication.open_access_url)
    url = settings.SITE_URL + publication.get_absolute_url()
    file_url = ""
    if publication.file:
        file_url = url + "telecharger/"
    elif publication.open_access_url:
        file_url = publication.open_access_url
    return Described(
        title=publication.title,
        url=url,
        year=str(publication.year),
        date=str(publication.year),
        language=publication.language,
        creators=[_contributor_creator(c) for c in cited],
        contributors=[_contributor_creator(c) for c in others],
        subjects=[t.name for t in publication.themes.all()] + publication.keyword_list,
        description=publication.abstract,
        publisher=publication.publisher,
        types=_types(
            PUBLICATION_TYPES[publication.publication_type],
            publication.get_publication_type_display(),
        ),
        doi=publication.doi,
        hal_id=publication.hal_id,
        venue=publication.venue,
        volume=publication.volume,
        issue=publication.issue,
        pages=publication.pages,
        open_access=open_access,
        licence_url=publication.licence_url,
        licence_label=publication.get_licence_display() if publication.licence else "",
        file_url=file_url,
        relations=[settings.SITE_URL + lab.get_absolute_url() for lab in publication.labs.all()],
    )


def describe_resource(resource):
    schema_type = resource.resource_type.schema_type
    return Described(
        title=resource.title,
        url=settings.SITE_URL + resource.get_absolute_url(),
        year=str(resource.publication_date.year),
        date=timezone.localdate(resource.publication_date).isoformat(),
        language=resource.language,
        creators=[name_creator(name) for name in resource.author_list],
        subjects=[t.name for t in resource.themes.all()],
        description=resource.summary,
        publisher=resource.source_organisation.name if resource.source_organisation else INSTITUTE,
        types=_types(
            RESOURCE_TYPES.get(schema_type, RESOURCE_DEFAULT_TYPE), resource.resource_type.name
        ),
        other_urls=[resource.external_url] if resource.external_url else [],
        open_access=True,
        licence_url=resource.licence_url,
        licence_label=resource.get_licence_display() if resource.licence else "",
    )


# oai_dc ---------------------------------------------------------------------------------------

DC_LANGUAGES = {"fr": "fre", "en": "eng"}


def write_dc(metadata, record):
    root = sub(metadata, q(OAI_DC_NS, "dc"))
    root.set(q(XSI_NS, "schemaLocation"), f"{OAI_DC_NS} {FORMATS['oai_dc'].schema}")
    access = "openAccess" if record.open_access else "metadataOnlyAccess"
    pairs = [
        ("title", record.title),
        *(("creator", c.name) for c in record.creators),
        *(("contributor", c.name) for c in record.contributors),
        *(("subject", s) for s in record.subjects),
        ("description", record.description),
        ("publisher", record.publisher),
        ("date", record.date),
        ("type", record.types[0]),
        ("type", record.types[5]),
        ("identifier", record.url),
        ("identifier", record.doi and f"https://doi.org/{record.doi}"),
        ("identifier", record.hal_id and f"hal:{record.hal_id}"),
        *(("identifier", u) for u in record.other_urls),
        ("source", record.venue),
        ("language", DC_LANGUAGES.get(record.language, "")),
        *(("relation", r) for r in record.relations),
        ("rights", f"info:eu-repo/semantics/{access}"),
        ("rights", record.licence_url or record.licence_label),
    ]
    for name, value in pairs:
        if value:
            sub(root, q(DC_NS, name), value)


# oai_openaire (OpenAIRE Guidelines for Literature Repositories v4) ---------------------------

OPEN_ACCESS = ("http://purl.org/coar/access_right/c_abf2", "open access")
METADATA_ONLY = ("http://purl.org/coar/access_right/c_14cb", "metadata only access")
ISO_639_3 = {"fr": "fra", "en": "eng"}


def _oaire_people(parent, tag, people):
    group = sub(parent, q(DATACITE_NS, f"{tag}s"))
    for person in people:
        node = sub(group, q(DATACITE_NS, tag))
        sub(
            node,
            q(DATACITE_NS, f"{tag}Name"),
            person.name,
            nameType="Personal" if person.personal else "Organizational",
        )
        if person.given:
            sub(node, q(DATACITE_NS, "givenName"), person.given)
            sub(node, q(DATACITE_NS, "familyName"), person.family)


def _identifier(record):
    return ("DOI", record.doi) if record.doi else ("URL", record.url)


def write_openaire(metadata, record):
    root = sub(metadata, q(OAIRE_NS, "resource"))
    root.set(q(XSI_NS, "schemaLocation"), f"{OAIRE_NS} {FORMATS['oai_openaire'].schema}")
    titles = sub(root, q(DATACITE_NS, "titles"))
    title = sub(titles, q(DATACITE_NS, "title"), record.title)
    title.set(q(XML_NS, "lang"), record.language)
    if record.creators:
        _oaire_people(root, "creator", record.creators)
    else:
        _oaire_people(root, "creator", [Creator(record.publisher or INSTITUTE, personal=False)])
    if record.contributors:
        contributors = sub(root, q(DATACITE_NS, "contributors"))
        for person in record.contributors:
            node = sub(contributors, q(DATACITE_NS, "contributor"), contributorType="Other")
            sub(node, q(DATACITE_NS, "contributorName"), person.name)
    identifier_type, identifier = _identifier(record)
    alternates = [("URL", record.url)] if record.doi else []
    alternates += [("HAL", record.hal_id)] if record.hal_id else []
    if alternates:
        group = sub(root, q(DATACITE_NS, "alternateIdentifiers"))
        for kind, value in alternates:
            sub(group, q(DATACITE_NS, "alternateIdentifier"), value, alternateIdentifierType=kind)
    dates = sub(root, q(DATACITE_NS, "dates"))
    sub(dates, q(DATACITE_NS, "date"), record.date, dateType="Issued")
    sub(root, q(DC_NS, "language"), ISO_639_3.get(record.language, "fra"))
    if record.publisher:
        sub(root, q(DC_NS, "publisher"), record.publisher)
    _eu, coar_uri, coar_label, general, _datacite, _label = record.types
    sub(root, q(OAIRE_NS, "resourceType"), coar_label, resourceTypeGeneral=general, uri=coar_uri)
    if record.description:
        sub(root, q(DC_NS, "description"), record.description)
    sub(root, q(DATACITE_NS, "identifier"), identifier, identifierType=identifier_type)
    rights_uri, rights_label = OPEN_ACCESS if record.open_access else METADATA_ONLY
    sub(root, q(DATACITE_NS, "rights"), rights_label, rightsURI=rights_uri)
    if record.venue:
        sub(root, q(DC_NS, "source"), record.venue)
    if record.subjects:
        subjects = sub(root, q(DATACITE_NS, "subjects"))
        for subject in record.subjects:
            sub(subjects, q(DATACITE_NS, "subject"), subject)
    if record.licence_url:
        sub(
            root,
            q(OAIRE_NS, "licenseCondition"),
            record.licence_label or record.licence_url,
            uri=record.licence_url,
        )
    _citation(root, record)
    if record.file_url:
        sub(
            root,
            q(OAIRE_NS, "file"),
            record.file_url,
            accessRightsURI=rights_uri,
            mimeType="application/pdf" if record.file_url.endswith("telecharger/") else "",
            objectType="fulltext",
        )


def _citation(root, record):
    start, _sep, end = record.pages.partition("-")
    for tag, value in (
        ("citationTitle", record.venue),
        ("citationVolume", record.volume),
        ("citationIssue", record.issue),
        ("citationStartPage", start.strip()),
        ("citationEndPage", end.strip()),
    ):
        if value:
            sub(root, q(OAIRE_NS, tag), value)


# oai_datacite (DataCite Metadata Schema 4.4) -------------------------------------------------


def write_datacite(metadata, record):
    root = sub(metadata, q(DATACITE_NS, "resource"))
    root.set(q(XSI_NS, "schemaLocation"), f"{DATACITE_NS} {FORMATS['oai_datacite'].schema}")
    identifier_type, identifier = _identifier(record)
    sub(root, q(DATACITE_NS, "identifier"), identifier, identifierType=identifier_type)
    creators = record.creators or [Creator(record.publisher or INSTITUTE, personal=False)]
    _oaire_people(root, "creator", creators)
    titles = sub(root, q(DATACITE_NS, "titles"))
    sub(titles, q(DATACITE_NS, "title"), record.title).set(q(XML_NS, "lang"), record.language)
    sub(root, q(DATACITE_NS, "publisher"), record.publisher or INSTITUTE)
    sub(root, q(DATACITE_NS, "publicationYear"), record.year)
    _eu, _coar, _coar_label, _general, datacite_type, label = record.types
    sub(root, q(DATACITE_NS, "resourceType"), label, resourceTypeGeneral=datacite_type)
    if record.subjects:
        subjects = sub(root, q(DATACITE_NS, "subjects"))
        for subject in record.subjects:
            sub(subjects, q(DATACITE_NS, "subject"), subject)
    if record.contributors:
        contributors = sub(root, q(DATACITE_NS, "contributors"))
        for person in record.contributors:
            node = sub(contributors, q(DATACITE_NS, "contributor"), contributorType="Other")
            sub(node, q(DATACITE_NS, "contributorName"), person.name)
    dates = sub(root, q(DATACITE_NS, "dates"))
    sub(dates, q(DATACITE_NS, "date"), record.date, dateType="Issued")
    sub(root, q(DATACITE_NS, "language"), record.language)
    alternates = [("URL", record.url)] if record.doi else []
    alternates += [("HAL", record.hal_id)] if record.hal_id else []
    if alternates:
        group = sub(root, q(DATACITE_NS, "alternateIdentifiers"))
        for kind, value in alternates:
            sub(group, q(DATACITE_NS, "alternateIdentifier"), value, alternateIdentifierType=kind)
    rights = sub(root, q(DATACITE_NS, "rightsList"))
    rights_uri, rights_label = OPEN_ACCESS if record.open_access else METADATA_ONLY
    sub(rights, q(DATACITE_NS, "rights"), rights_label, rightsURI=rights_uri)
    if record.licence_url:
        sub(
            rights,
            q(DATACITE_NS, "rights"),
            record.licence_label or record.licence_url,
            rightsURI=record.licence_url,
        )
    if record.description:
        descriptions = sub(root, q(DATACITE_NS, "descriptions"))
        description = sub(
            descriptions,
            q(DATACITE_NS, "description"),
            record.description,
            descriptionType="Abstract",
        )
        description.set(q(XML_NS, "lang"), record.language)


FORMATS = {
    "oai_dc": Format(
        "oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS, write_dc
    ),
    "oai_openaire": Format(
        "oai_openaire",
        "https://www.openaire.eu/schema/repo-lit/4.0/openaire.xsd",
        OAIRE_NS,
        write_openaire,
    ),
    "oai_datacite": Format(
        "oai_datacite",
        "http://schema.datacite.org/meta/kernel-4.4/metadata.xsd",
        DATACITE_NS,
        write_datacite,
    ),
}
