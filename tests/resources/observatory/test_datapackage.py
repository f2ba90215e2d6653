"""Each dataset's Frictionless data package validated by `frictionless`, and the international
CSV read by Python's csv module with its defaults (issue 25: a default reader saw one column,
and « 02 » became 2).

The package's paths are absolute URLs: the test downloads each file with the test client and
points the descriptor at the local copy, everything else as published.
"""

import csv
import datetime
import io
import json

import pytest
from frictionless import Package, validate

from resources.models import Territory
from resources.observatory.demo import load_observatory_demo
from resources.observatory.models import Dataset
from tests.factories import DataPointFactory, DatasetFactory, IndicatorFactory

pytestmark = pytest.mark.django_db
SITE = "https://portail.ints.example"


@pytest.fixture
def catalogue(settings):
    settings.SITE_URL = SITE
    load_observatory_demo()
    aisne, _created = Territory.objects.get_or_create(
        code="02", kind="departement", defaults={"name": "Aisne", "slug": "aisne-02"}
    )
    indicator = IndicatorFactory(
        dataset=DatasetFactory(slug="aisne-test"), kind="by_territory", unit="%"
    )
    DataPointFactory(indicator=indicator, territory=aisne, value="12.5", label="estimation")
    return Dataset.objects.published()


def local_package(client, dataset, directory):
    """The published descriptor, its files downloaded beside it."""
    response = client.get(f"{dataset.get_absolute_url()}datapackage.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    descriptor = json.loads(response.content)
    for resource in descriptor["resources"]:
        assert resource["path"].startswith(SITE + "/observatoire/")
        data = client.get(resource["path"].removeprefix(SITE))
        assert data.status_code == 200
        name = f"{resource['name']}.csv"
        (directory / name).write_bytes(data.content)
        resource["path"] = name
    path = directory / "datapackage.json"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    return path


def test_every_data_package_is_valid_for_frictionless(client, catalogue, tmp_path):
    assert catalogue.count() >= 2

    for dataset in catalogue:
        directory = tmp_path / dataset.slug
        directory.mkdir()
        report = validate(str(local_package(client, dataset, directory)))

        assert report.valid, (dataset.slug, report.flatten(["type", "note"]))
        assert report.stats["tasks"] == 2 * dataset.indicators.count()


def test_data_package_types_insee_codes_as_strings_in_both_dialects(client, catalogue, tmp_path):
    package = Package(str(local_package(client, Dataset.objects.get(slug="aisne-test"), tmp_path)))

    french, international = package.resources
    delimiters = [r.dialect.get_control("csv").delimiter for r in (french, international)]
    assert delimiters == [";", ","]
    for resource in (french, international):
        rows = resource.read_rows()
        assert [(row["code_insee"], float(row["valeur"])) for row in rows] == [("02", 12.5)]


def test_international_csv_reads_with_the_csv_module_defaults(client, catalogue):
    indicator = Dataset.objects.get(slug="aisne-test").indicators.get()
    french = client.get(indicator.get_csv_url()).content.decode("utf-8-sig")

    response = client.get(indicator.get_international_csv_url())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(rows[0]) == ["niveau", "code_insee", "territoire", "valeur", "unite", "libelle"]
    assert (rows[0]["code_insee"], float(rows[0]["valeur"])) == ("02", 12.5)
    assert "departement;02;Aisne;12,5;%;estimation" in french


def test_dataset_page_links_the_international_csv_and_the_data_package(client):
    indicator = IndicatorFactory()
    DataPointFactory(indicator=indicator, period=datetime.date(2024, 1, 1))

    html = client.get(indicator.dataset.get_absolute_url()).content.decode()

    assert indicator.get_international_csv_url() in html
    assert "CSV (format international)" in html
    assert f"{indicator.dataset.get_absolute_url()}datapackage.json" in html
