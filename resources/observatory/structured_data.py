"""schema.org Dataset JSON-LD for a dataset's page (Google Dataset Search reads it)."""

from django.conf import settings

from editorial import graph
from resources.enums import TerritoryKind
from resources.structured_data import absolute, dumps, local_date


def _organisation(organisation):
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        data["url"] = organisation.website
    return data


def dataset_json_ld(dataset, *, neighbours=None):
    """The JSON-LD text of a dataset whose relations are prefetched (no extra query)."""
    producers = [_organisation(o) for o in dataset.producers.all()]
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": dataset.summary,
        "url": absolute(dataset.get_absolute_url()),
        "identifier": absolute(dataset.get_absolute_url()),
        "inLanguage": "fr",
        "isAccessibleForFree": True,
        "datePublished": local_date(dataset.publication_date),
        "dateModified": local_date(dataset.updated_at),
        "temporalCoverage": f"{dataset.period_start.isoformat()}/{dataset.period_end.isoformat()}",
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": "Institut national du travail social",
            "url": settings.SITE_URL,
        },
    }
    if producers:
        data["creator"] = producers
    if dataset.licence_url:
        data["license"] = dataset.licence_url
    if dataset.source_url:
        data["sameAs"] = dataset.source_url
    if dataset.methodology:
        data["measurementTechnique"] = dataset.methodology[:500]
    keywords = [theme.name for theme in dataset.themes.all()]
    if keywords:
        data["keywords"] = keywords
    places = []
    for territory in dataset.territories.all():
        place = {
            "@type": "Country"
            if territory.kind == TerritoryKind.NATIONAL
            else "AdministrativeArea",
            "name": territory.name,
        }
        places.append(place)
    if places:
        data["spatialCoverage"] = places if len(places) > 1 else places[0]
    indicators = list(dataset.indicators.all())
    if indicators:
        data["variableMeasured"] = [
            {
                "@type": "PropertyValue",
                "name": indicator.name,
                **({"unitText": indicator.unit} if indicator.unit else {}),
                **({"description": indicator.description} if indicator.description else {}),
            }
            for indicator in indicators
        ]
    distribution = [
        {
            "@type": "DataDownload",
            "name": data_file.title,
            "encodingFormat": data_file.file_mime or "application/octet-stream",
            "contentUrl": absolute(data_file.get_absolute_url()),
            **({"contentSize": f"{data_file.file_size} B"} if data_file.file_size else {}),
        }
        for data_file in dataset.files.all()
    ]
    distribution += [
        {
            "@type": "DataDownload",
            "name": indicator.name,
            "encodingFormat": "text/csv",
            "contentUrl": absolute(indicator.get_csv_url()),
        }
        for indicator in indicators
    ]
    if distribution:
        data["distribution"] = distribution
    return dumps(graph.merge_schema(data, neighbours))
