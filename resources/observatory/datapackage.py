"""A Frictionless data package (`datapackage.json`) per dataset: what its CSV files contain.

One tabular resource per indicator and dialect: the French file (`;`, decimal comma, UTF-8 with
a BOM) and the international one (`,`, decimal point). Every field is typed, INSEE codes as
strings (« 02 » stays « 02 »), so that `frictionless validate` or any reader of the package reads
the values as they were published. Paths are absolute URLs from INTS_SITE_URL.
"""

from django.urls import reverse

from core.site_url import absolute_url
from resources.enums import LICENCE_URLS
from resources.observatory import csv_io
from resources.observatory.enums import Frequency

PROFILE = "tabular-data-package"
# How each frequency's period is written (observatory.formatting.period_code), as a type.
PERIOD_FIELDS = {
    Frequency.ANNUAL: {"type": "year"},
    Frequency.MONTHLY: {"type": "yearmonth"},
    Frequency.DAILY: {"type": "date"},
    Frequency.QUARTERLY: {"type": "string", "constraints": {"pattern": r"\d{4}-T[1-4]"}},
}


def _fields(indicator, dialect):
    value = {
        "name": "valeur",
        "type": "number",
        "title": indicator.unit or "valeur",
        "decimalChar": dialect.decimal,
        "constraints": {"required": True},
    }
    text = {"type": "string"}
    tail = [
        value,
        {"name": "unite", **text, "title": "Unité"},
        {"name": "libelle", **text, "title": "Libellé de la valeur"},
    ]
    if indicator.is_time_series:
        period = {"name": "periode", "title": "Période", **PERIOD_FIELDS[indicator.frequency]}
        return [period, *tail]
    return [
        {
            "name": "niveau",
            "type": "string",
            "title": "Niveau territorial",
            "constraints": {"enum": ["national", "region", "departement"]},
        },
        {
            "name": "code_insee",
            "type": "string",
            "title": "Code INSEE (texte : « 02 » n'est pas 2)",
        },
        {"name": "territoire", **text, "title": "Territoire"},
        *tail,
    ]


def _resource(indicator, dialect, *, international):
    name = f"indicateur-{indicator.pk}" + ("-international" if international else "")
    url_name = (
        "observatory_indicator_csv_international"
        if international
        else ("observatory_indicator_csv")
    )
    return {
        "profile": "tabular-data-resource",
        "name": name,
        "title": indicator.name
        + (" (CSV, format international)" if international else " (CSV, format français)"),
        "path": absolute_url(
            reverse(f"resources:{url_name}", args=[indicator.dataset.slug, indicator.pk])
        ),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": dialect.encoding,
        "dialect": {"delimiter": dialect.delimiter, "quoteChar": '"', "header": True},
        "schema": {"fields": _fields(indicator, dialect), "missingValues": [""]},
    }


def data_package(dataset):
    """The descriptor of `dataset` (its indicators prefetched or not: one query then)."""
    licence = {"name": dataset.licence, "title": dataset.get_licence_display()}
    if LICENCE_URLS.get(dataset.licence):
        licence["path"] = LICENCE_URLS[dataset.licence]
    resources = []
    for indicator in dataset.indicators.all():
        indicator.dataset = dataset  # no query for the URLs
        resources.append(_resource(indicator, csv_io.FRENCH, international=False))
        resources.append(_resource(indicator, csv_io.INTERNATIONAL, international=True))
    return {
        "profile": PROFILE,
        "name": dataset.slug.lower()[:100],
        "title": dataset.title,
        "description": dataset.summary,
        "homepage": absolute_url(dataset.get_absolute_url()),
        "licenses": [licence],
        "resources": resources,
    }
