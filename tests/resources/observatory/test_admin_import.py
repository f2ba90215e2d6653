import datetime
import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resources.models import Territory
from resources.observatory import csv_io
from resources.observatory.demo import load_observatory_demo
from resources.observatory.models import DataPoint, Dataset, DatasetFile
from tests.factories import (
    DataPointFactory,
    DatasetFactory,
    IndicatorFactory,
    OrganisationFactory,
)
from tests.helpers import NO_LINK_CHANGES

pytestmark = pytest.mark.django_db


def upload(text, name="valeurs.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_import_time_series_creates_and_updates(admin_client):
    indicator = IndicatorFactory(unit="personnes")
    DataPointFactory(indicator=indicator, period=datetime.date(2020, 1, 1), value=1)
    DataPointFactory(indicator=indicator, period=datetime.date(2019, 1, 1), value=5)

    response = admin_client.post(
        f"/admin/resources/indicator/{indicator.pk}/importer/",
        {"file": upload("periode;valeur;unite\n2020;1 234,5;personnes\n2021;-3\n")},
    )

    assert response.status_code == 302
    assert dict(indicator.points.values_list("period__year", "value")) == {
        2019: Decimal(5),
        2020: Decimal("1234.5"),
        2021: Decimal(-3),
    }


def test_import_with_bad_rows_reports_them_and_imports_nothing(admin_client):
    indicator = IndicatorFactory(unit="%")
    DataPointFactory(indicator=indicator, period=datetime.date(2020, 1, 1), value=1)
    text = (
        "periode;valeur;unite;libelle\n"
        "2021;12,5;%;\n"
        "2022;douze;%;\n"
        "22;3;%;\n"
        "2021;4;%;\n"
        "2023;4;personnes;\n"
        "2024;;%;" + "x" * 61 + "\n"
    )

    response = admin_client.post(
        f"/admin/resources/indicator/{indicator.pk}/importer/",
        {"file": upload(text), "replace": "on"},
    )

    assert response.status_code == 200
    errors = [(e.line, e.column, e.message) for e in response.context["report"].errors]
    assert errors == [
        (3, "valeur", "« douze » n'est pas un nombre (au plus 14 chiffres et 4 décimales)."),
        (4, "periode", "Période « 22 » illisible : attendu AAAA."),
        (5, "periode", "Déjà présent ligne 2."),
        (6, "unite", "Unité « personnes » différente de celle de l'indicateur (« % »)."),
        (7, "valeur", "Valeur obligatoire manquante."),
        (7, "libelle", "Le libellé dépasse 60 caractères."),
    ]
    page = html.unescape(response.content.decode())
    assert "6 problèmes trouvés : aucune valeur n'a été importée." in page
    assert '<th scope="col">Ligne</th>' in page
    assert list(indicator.points.values_list("period__year", "value")) == [(2020, Decimal(1))]


def test_import_by_territory_with_codes_and_levels(admin_client):
    indicator = IndicatorFactory(by_territory=True, unit="%")
    corse = Territory.objects.get(kind="region", code="94")
    DataPointFactory(indicator=indicator, territory=corse, value=1)
    text = (
        "niveau;code_insee;territoire;valeur\n"
        "region;11;;9,4\n"
        "departement;59;Nord;5\n"
        ";974;;7\n"
        ";;Hauts-de-France;6,5\n"
    )

    report = csv_io.import_points(indicator, text.encode(), replace=True)

    assert report.ok and (report.created, report.updated, report.deleted) == (4, 0, 1)
    assert sorted(indicator.points.values_list("territory__name", "value")) == [
        ("Hauts-de-France", Decimal("6.5")),
        ("La Réunion", Decimal(7)),
        ("Nord", Decimal(5)),
        ("Île-de-France", Decimal("9.4")),
    ]


def test_import_by_territory_reports_ambiguous_and_unknown_codes():
    indicator = IndicatorFactory(by_territory=True)
    text = "code_insee;valeur\n11;1\n999;2\n"

    report = csv_io.import_points(indicator, text.encode())

    assert [(e.line, e.column) for e in report.errors] == [(2, "niveau"), (3, "code_insee")]
    assert "désigne une région et un département" in report.errors[0].message
    assert not DataPoint.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"\xff\xfe\x00a", "Ce fichier n'est pas un fichier texte CSV."),
        ("annee;valeur\n2020;1\n".encode("latin-1"), "Colonnes obligatoires absentes"),
        ("periode;valeur\néé;1\n".encode("latin-1"), "encodé en UTF-8"),
        (b"periode;valeur\n", "aucune ligne de données"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(admin_client, raw, message):
    indicator = IndicatorFactory()
    response = admin_client.post(
        f"/admin/resources/indicator/{indicator.pk}/importer/",
        {"file": SimpleUploadedFile("x.csv", raw or b" ", content_type="text/csv")},
    )
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert response.context["report"] is None


def test_export_reimports_to_the_same_values(client):
    indicator = IndicatorFactory(by_territory=True, unit="%")
    for code, value in (("11", "9.4"), ("32", "-2.25")):
        DataPointFactory(
            indicator=indicator,
            value=Decimal(value),
            territory=Territory.objects.get(kind="region", code=code),
        )
    exported = client.get(indicator.get_csv_url()).content
    before = sorted(indicator.points.values_list("territory_id", "value"))

    report = csv_io.import_points(indicator, exported, replace=True)

    assert report.ok and (report.created, report.updated, report.deleted) == (0, 0, 0)
    assert sorted(indicator.points.values_list("territory_id", "value")) == before


def test_admin_pages_open(admin_client):
    indicator = IndicatorFactory()
    DataPointFactory(indicator=indicator, period=datetime.date(2020, 1, 1))
    dataset = indicator.dataset
    for url in (
        "/admin/resources/dataset/",
        "/admin/resources/dataset/add/",
        f"/admin/resources/dataset/{dataset.pk}/change/",
        "/admin/resources/indicator/",
        f"/admin/resources/indicator/{indicator.pk}/change/",
        f"/admin/resources/indicator/{indicator.pk}/importer/",
    ):
        assert admin_client.get(url).status_code == 200, url
    assert admin_client.get("/admin/resources/indicator/999999/importer/").status_code == 404


def test_import_view_needs_staff(client):
    indicator = IndicatorFactory()
    response = client.get(f"/admin/resources/indicator/{indicator.pk}/importer/")
    assert response.status_code == 302


def _dataset_form(dataset, **files):
    data = {
        "title": dataset.title,
        "slug": dataset.slug,
        "summary": dataset.summary,
        "producers": [],
        "period_start": "2015-01-01",
        "period_end": "2025-12-31",
        "licence": "etalab-2.0",
        "status": "draft",
        "publication_date_0": "01/01/2025",
        "publication_date_1": "10:00:00",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-0-title": "Fichier",
        "files-0-position": "0",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
        **NO_LINK_CHANGES,
    }
    return {**data, **files}


def test_dataset_file_upload_is_checked_by_content(admin_client):
    dataset = DatasetFactory(producers=[])
    producer = OrganisationFactory()
    url = f"/admin/resources/dataset/{dataset.pk}/change/"
    fake = SimpleUploadedFile("donnees.csv", b"%PDF-1.4 pas un tableur", content_type="text/csv")

    response = admin_client.post(
        url, {**_dataset_form(dataset, **{"files-0-file": fake}), "producers": [producer.pk]}
    )

    assert response.status_code == 200
    assert "Son contenu a été vérifié" in response.content.decode()
    assert not DatasetFile.objects.exists()

    good = SimpleUploadedFile("x.bin", b"annee;valeur\n2024;3\n", content_type="text/plain")
    response = admin_client.post(
        url, {**_dataset_form(dataset, **{"files-0-file": good}), "producers": [producer.pk]}
    )
    assert response.status_code == 302
    data_file = DatasetFile.objects.get()
    assert (data_file.file_mime, data_file.file_size) == ("text/csv", 20)
    assert data_file.file.name.endswith(".bin")  # the uploaded name is never trusted


def test_demo_is_idempotent_and_complete(client):
    assert "9 créés" in load_observatory_demo()
    counts = (Dataset.objects.count(), DataPoint.objects.count(), DatasetFile.objects.count())

    assert "(0 créés ou mis à jour)" in load_observatory_demo()

    assert (
        Dataset.objects.count(),
        DataPoint.objects.count(),
        DatasetFile.objects.count(),
    ) == counts
    assert counts[0] == 9  # with the territory pages' dataset (observatory_territories.yaml)
    for dataset in Dataset.objects.all():
        assert 1 <= dataset.indicators.count() <= 3
        assert client.get(dataset.get_absolute_url()).status_code == 200
    assert client.get("/observatoire/").context["page_obj"].paginator.count == 9


def test_inline_values_refuse_duplicates_and_wrong_kind_without_error(admin_client):
    indicator = IndicatorFactory(name="Effectifs", unit="personnes")
    data = {
        "dataset": indicator.dataset.pk,
        "name": "Effectifs",
        "unit": "personnes",
        "decimals": "0",
        "kind": "time_series",
        "chart_type": "line",
        "frequency": "annual",
        "position": "0",
        "points-TOTAL_FORMS": "3",
        "points-INITIAL_FORMS": "0",
        "points-0-period": "01/01/2020",
        "points-0-value": "1",
        "points-1-period": "01/01/2020",
        "points-1-value": "2",
        "points-2-value": "3",
    }

    response = admin_client.post(f"/admin/resources/indicator/{indicator.pk}/change/", data)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Une évolution demande une période." in page
    assert not DataPoint.objects.exists()

    data.update({"points-TOTAL_FORMS": "2"})  # the same year twice
    response = admin_client.post(f"/admin/resources/indicator/{indicator.pk}/change/", data)
    assert response.status_code == 200
    assert "« 01/01/2020 » a deux valeurs" in html.unescape(response.content.decode())
    assert not DataPoint.objects.exists()

    data.update({"points-TOTAL_FORMS": "1"})
    response = admin_client.post(f"/admin/resources/indicator/{indicator.pk}/change/", data)
    assert response.status_code == 302
    assert list(indicator.points.values_list("value", flat=True)) == [Decimal(1)]
