"""schema.org JSON-LD of labs (Organization), projects (ResearchProject), publications."""

from research.enums import PublicationType
from resources.structured_data import absolute, default_image, dumps

SCHEMA_TYPES = {
    PublicationType.ARTICLE: "ScholarlyArticle",
    PublicationType.COMMUNICATION: "ScholarlyArticle",
    PublicationType.REPORT: "Report",
    PublicationType.THESIS: "Thesis",
    PublicationType.BOOK: "Book",
    PublicationType.CHAPTER: "Chapter",
    PublicationType.DATASET: "Dataset",
}


def _lab_ref(lab):
    return {"@type": "Organization", "name": lab.name, "url": absolute(lab.get_absolute_url())}


def _person(contributor):
    """A Person, or an Organization for a corporate author (a pseudonym is a person)."""
    kind = "Organization" if contributor.is_organisation else "Person"
    data = {"@type": kind, "name": contributor.display_name}
    if contributor.researcher_id and contributor.researcher.orcid:
        data["sameAs"] = contributor.researcher.orcid_url
    return data


def lab_json_ld(lab, *, themes):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": lab.name,
        "url": absolute(lab.get_absolute_url()),
    }
    if lab.acronym:
        data["alternateName"] = lab.acronym
    if lab.description:
        data["description"] = lab.description
    if lab.website:
        data["sameAs"] = lab.website
    if lab.host_organisation:
        data["parentOrganization"] = {"@type": "Organization", "name": lab.host_organisation.name}
    if lab.region or lab.city:
        data["address"] = {
            "@type": "PostalAddress",
            "addressCountry": "FR",
            **({"addressRegion": lab.region.name} if lab.region else {}),
            **({"addressLocality": lab.city} if lab.city else {}),
        }
    if themes:
        data["knowsAbout"] = [theme.name for theme in themes]
    return dumps(data)


def project_json_ld(project, *, labs, partners, themes):
    data = {
        "@context": "https://schema.org",
        "@type": "ResearchProject",
        "name": project.title,
        "description": project.summary,
        "url": absolute(project.get_absolute_url()),
    }
    if project.start_date:
        data["foundingDate"] = project.start_date.isoformat()
    if project.end_date:
        data["dissolutionDate"] = project.end_date.isoformat()
    if labs:
        data["parentOrganization"] = [_lab_ref(lab) for lab in labs]
    if partners:
        data["member"] = [{"@type": "Organization", "name": org.name} for org in partners]
    if project.funding:
        data["funder"] = {"@type": "Organization", "name": project.funding}
    if themes:
        data["knowsAbout"] = [theme.name for theme in themes]
    return dumps(data)


def publication_json_ld(publication, *, labs, themes):
    people = [c for c in publication.contributors.all() if c.is_cited]
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[publication.publication_type],
        "name": publication.title,
        "headline": publication.title[:110],
        "url": absolute(publication.get_absolute_url()),
        "datePublished": str(publication.year),
        "inLanguage": publication.language,
        "genre": publication.get_publication_type_display(),
        "image": default_image(),
    }
    authors = [_person(c) for c in publication.cited_contributors]
    if authors:
        data["author"] = authors
    others = [_person(c) for c in people if c not in publication.cited_contributors]
    if others:
        data["contributor"] = others
    if publication.abstract:
        data["abstract"] = publication.abstract
    if publication.keyword_list or themes:
        data["keywords"] = ", ".join([*publication.keyword_list, *(t.name for t in themes)])
    if publication.venue:
        data["isPartOf"] = {
            "@type": "Periodical" if publication.publication_type == "article" else "CreativeWork",
            "name": publication.venue,
        }
    if publication.publisher:
        data["publisher"] = {"@type": "Organization", "name": publication.publisher}
    if publication.publication_type == "dataset":
        # Dataset search requires a description; the abstract, or what the record says.
        data["description"] = publication.abstract or publication.title
        data["creator"] = authors or [{"@type": "Organization", "name": "INTS"}]
    identifiers = []
    if publication.doi:
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "DOI", "value": publication.doi}
        )
        data["sameAs"] = publication.doi_url
    if publication.hal_id:
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "HAL", "value": publication.hal_id}
        )
    if identifiers:
        data["identifier"] = identifiers
    if publication.licence_url:
        data["license"] = publication.licence_url
    if publication.file or publication.open_access_url:
        data["isAccessibleForFree"] = True
    if labs:
        data["sourceOrganization"] = [_lab_ref(lab) for lab in labs]
    return dumps(data)
