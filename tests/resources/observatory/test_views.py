import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from resources.models import SearchEntry, Territory, Theme
from tests.factories import (
    DataPointFactory,
    DatasetFactory,
    IndicatorFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers import sitemap_text, verified_login

pytestmark = pytest.mark.django_db


def listed(response):
    return [dataset.title for dataset in response.context["page_obj"].object_list]


def time_series(dataset, values, **kwargs):
    indicator = IndicatorFactory(dataset=dataset, **kwargs)
    for year, value in values.items():
        DataPointFactory(indicator=indicator, period=datetime.date(year, 1, 1), value=value)
    return indicator


def by_region(dataset, values, **kwargs):
    indicator = IndicatorFactory(dataset=dataset, by_territory=True, **kwargs)
    for code, value in values.items():
        DataPointFactory(
            indicator=indicator,
            value=value,
            territory=Territory.objects.get(kind="region", code=code),
        )
    return indicator


def table(html, anchor):
    """(caption, header cells, [(row header, value)]) of the data table of an indicator."""
    block = html[html.index(f'id="{anchor}-tableau"') :]
    block = block[: block.index("</table>")]
    caption = re.search(r"<caption>(.*?)</caption>", block).group(1)
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', block)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td class="ints-num">(.*?)</td></tr>', block)
    return caption, headers, rows


def test_list_shows_only_visible_datasets_newest_first(client):
    now = datetime.datetime.now(datetime.UTC)
    DatasetFactory(title="Ancien", publication_date=now - datetime.timedelta(days=30))
    DatasetFactory(title="Récent")
    DatasetFactory(title="Brouillon", draft=True)
    DatasetFactory(title="Programmé", scheduled=True)

    response = client.get("/observatoire/")

    assert response.status_code == 200
    assert listed(response) == ["Récent", "Ancien"]


def test_list_facets_theme_producer_territory_year(client):
    nexem = OrganisationFactory(name="Nexem", slug="nexem")
    lab = OrganisationFactory(name="CeRIES", slug="ceries")
    child = Theme.objects.get(slug="protection-de-lenfance")
    nord = Territory.objects.get(kind="departement", code="59")
    DatasetFactory(
        title="A",
        producers=[nexem],
        themes=[child],
        territories=[nord],
        period_end=datetime.date(2024, 12, 31),
    )
    DatasetFactory(
        title="B", producers=[lab], themes=[child], period_end=datetime.date(2023, 12, 31)
    )
    DatasetFactory(title="C", producers=[nexem, lab])

    assert listed(client.get("/observatoire/?producteur=nexem")) == ["C", "A"]
    assert listed(client.get("/observatoire/?theme=protection-de-lenfance&producteur=ceries")) == [
        "B"
    ]
    assert listed(client.get("/observatoire/?territoire=59-nord")) == ["A"]
    response = client.get("/observatoire/?annee=2024")
    assert listed(response) == ["A"]
    producers = next(f for f in response.context["facets"] if f.facet.param == "producteur")
    assert {(o.label, o.count, o.selected) for o in producers.options} == {("Nexem", 1, False)}
    years = next(f for f in response.context["facets"] if f.facet.param == "annee")
    assert [(o.label, o.count) for o in years.options] == [("2025", 1), ("2024", 1), ("2023", 1)]


def test_list_search_finds_a_dataset_by_its_indicator(client):
    dataset = DatasetFactory(title="Emploi dans le secteur")
    IndicatorFactory(dataset=dataset, name="Taux de rotation des éducateurs")
    DatasetFactory(title="Autre chose")

    assert listed(client.get("/observatoire/?q=rotation")) == ["Emploi dans le secteur"]


def test_site_wide_search_finds_a_published_dataset(client):
    dataset = DatasetFactory(
        title="Postes vacants par région", summary="Une enquête de Nexem sur les recrutements."
    )
    DatasetFactory(title="Postes vacants en brouillon", draft=True)

    entry = SearchEntry.objects.get(object_id=dataset.pk, kind="observatoire")
    assert entry.url == f"/observatoire/{dataset.slug}/"
    response = client.get("/rechercher/?q=postes+vacants")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/observatoire/{dataset.slug}/"' in html
    assert "en brouillon" not in html


@pytest.mark.parametrize(
    "params",
    [
        "?page=abc",
        "?page=-1",
        "?page=99999",
        "?annee=deux-mille",
        "?annee=99999999999999999999",
        "?theme=%00",
        "?q=%00%01",
        "?q=" + "x" * 500,
        "?producteur=" + "x" * 500,
        "?territoire=<script>",
        "?q=%22&theme=handicap&theme=handicap",
    ],
)
def test_list_never_fails_on_bad_parameters(client, params):
    DatasetFactory()
    assert client.get("/observatoire/" + params).status_code == 200


def test_list_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    theme = Theme.objects.get(slug="handicap")
    region = Territory.objects.get(kind="region", code="32")
    DatasetFactory(themes=[theme], producers=[OrganisationFactory()], territories=[region])
    # count, page, 3 prefetches, 4 facets, + the request's savepoint pair
    with django_assert_num_queries(11):
        client.get("/observatoire/")
    for _ in range(25):
        DatasetFactory(
            themes=[theme],
            producers=[OrganisationFactory(), OrganisationFactory()],
            territories=[region],
        )
    with django_assert_num_queries(11):
        client.get("/observatoire/?theme=handicap")


def test_detail_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    dataset = DatasetFactory(producers=[OrganisationFactory()])
    time_series(dataset, {2020: 1, 2021: 2})
    # dataset, producers, themes, territories, files, indicators, points, the graph's links
    # (editorial.graph), + savepoint pair
    with django_assert_num_queries(10):
        client.get(dataset.get_absolute_url())
    for i in range(5):
        time_series(dataset, {year: year * i for year in range(2010, 2025)})
        by_region(dataset, {"11": i, "32": i + 1, "94": 3})
        dataset.files.create(
            title=f"Fichier {i}", file=ContentFile(b"a;b\n1;2\n", "d.csv"), file_mime="text/csv"
        )
    dataset.producers.add(OrganisationFactory())
    dataset.themes.add(*Theme.objects.all()[:3])
    with django_assert_num_queries(10):
        response = client.get(dataset.get_absolute_url())
    assert response.content.decode().count("<svg xmlns") == 11


def test_detail_shows_metadata_and_the_data_table_beside_each_chart(client):
    dataset = DatasetFactory(
        title="Effectifs en formation",
        producers=[OrganisationFactory(name="Unaforis", website="https://www.unaforis.eu")],
        territories=[Territory.objects.get(kind="national")],
        period_start=datetime.date(2015, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        methodology="Enquête au 31 décembre.",
    )
    indicator = time_series(
        dataset,
        {2015: Decimal("61570"), 2016: Decimal("60216.4")},
        name="Étudiants",
        unit="personnes",
        source_note="DREES",
    )
    regional = by_region(
        dataset,
        {"11": Decimal("9.4"), "94": Decimal("4")},
        name="Postes vacants",
        unit="%",
        decimals=1,
    )

    html = client.get(dataset.get_absolute_url()).content.decode()

    assert "<h1>Effectifs en formation</h1>" in html
    assert '<a href="https://www.unaforis.eu" rel="noopener">Unaforis</a>' in html
    assert "France entière" in html
    assert "Enquête au 31 décembre." in html
    assert "Source\u00a0: DREES" in html
    assert table(html, indicator.anchor) == (
        "Étudiants\u00a0: données du graphique",
        ["Période", "Valeur (personnes)"],
        [("2015", "61\u202f570"), ("2016", "60\u202f216")],
    )
    assert table(html, regional.anchor) == (
        "Postes vacants\u00a0: données du graphique",
        ["Territoire", "Valeur (%)"],
        [("Île-de-France", "9,4"), ("Corse", "4,0")],
    )
    assert f'href="{indicator.get_csv_url()}"' in html
    # The chart and its table sit in the same row of the grid.
    section = html[html.index(f'id="{indicator.anchor}"') : html.index(f'id="{regional.anchor}"')]
    assert section.index("<svg") < section.index("<table>")


def test_detail_has_dataset_json_ld(client):
    producer = OrganisationFactory(name="Nexem", website="https://www.nexem.fr")
    dataset = DatasetFactory(
        title="Postes vacants",
        producers=[producer],
        territories=[Territory.objects.get(kind="region", code="32")],
        themes=[Theme.objects.get(slug="handicap")],
    )
    indicator = time_series(dataset, {2024: 3}, name="Postes", unit="postes")
    data_file = dataset.files.create(
        title="Tout", file=ContentFile(b"a;b\n1;2\n", "x.csv"), file_mime="text/csv", file_size=8
    )

    html = client.get(dataset.get_absolute_url()).content.decode()

    match = re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html)
    data = json.loads(match.group(1))
    assert data["@type"] == "Dataset"
    assert data["name"] == "Postes vacants"
    assert data["url"].endswith(f"/observatoire/{dataset.slug}/")
    assert data["temporalCoverage"] == "2015-01-01/2025-12-31"
    assert data["creator"] == [
        {"@type": "Organization", "name": "Nexem", "url": "https://www.nexem.fr"}
    ]
    assert data["license"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert data["spatialCoverage"] == {"@type": "AdministrativeArea", "name": "Hauts-de-France"}
    assert data["keywords"] == ["Handicap"]
    assert data["variableMeasured"] == [
        {"@type": "PropertyValue", "name": "Postes", "unitText": "postes"}
    ]
    assert [d["contentUrl"].split("://", 1)[1].split("/", 1)[1] for d in data["distribution"]] == [
        data_file.get_absolute_url().lstrip("/"),
        indicator.get_csv_url().lstrip("/"),
    ]


def test_draft_dataset_is_hidden_but_previewable_by_curators(client):
    dataset = DatasetFactory(draft=True)
    indicator = time_series(dataset, {2020: 1})
    assert client.get(dataset.get_absolute_url()).status_code == 404
    assert client.get(indicator.get_csv_url()).status_code == 404
    assert client.get("/observatoire/inconnu/").status_code == 404

    verified_login(client, UserFactory(superuser=True))  # previews need the second factor
    response = client.get(dataset.get_absolute_url())

    assert response.status_code == 200
    assert "Aperçu réservé à l'équipe éditoriale" in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_indicator_csv_download_exact_content(client):
    dataset = DatasetFactory(slug="effectifs")
    indicator = time_series(
        dataset, {2016: Decimal("60216.4"), 2015: Decimal("61570")}, unit="personnes"
    )
    indicator.points.filter(period__year=2016).update(label="provisoire; estimé")

    response = client.get(f"/observatoire/effectifs/indicateurs/{indicator.pk}/csv/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="effectifs-indicateur-{indicator.pk}.csv"'
    )
    assert response.content.decode("utf-8") == (
        "\ufeffperiode;valeur;unite;libelle\r\n"
        "2015;61570;personnes;\r\n"
        '2016;60216,4;personnes;"provisoire; estimé"\r\n'
    )


def test_territory_indicator_csv_download_exact_content(client):
    dataset = DatasetFactory(slug="vacants")
    indicator = by_region(dataset, {"94": Decimal("4.25"), "11": Decimal("9")}, unit="%")
    DataPointFactory(
        indicator=indicator,
        value=-1,
        territory=Territory.objects.get(kind="departement", code="2A"),
    )

    response = client.get(indicator.get_csv_url())

    assert response.content.decode("utf-8") == (
        "\ufeffniveau;code_insee;territoire;valeur;unite;libelle\r\n"
        "region;11;Île-de-France;9;%;\r\n"
        "region;94;Corse;4,25;%;\r\n"
        "departement;2A;Corse-du-Sud;-1;%;\r\n"
    )


def test_indicator_csv_of_another_dataset_is_not_found(client):
    indicator = time_series(DatasetFactory(), {2020: 1})
    other = DatasetFactory()
    assert (
        client.get(f"/observatoire/{other.slug}/indicateurs/{indicator.pk}/csv/").status_code == 404
    )


def test_file_is_served_by_the_view_only_when_published(client, settings):
    dataset = DatasetFactory(slug="donnees")
    data_file = dataset.files.create(
        title="Données complètes",
        file=ContentFile(b"annee;valeur\n2024;3\n", "d.csv"),
        file_mime="text/csv",
        file_size=20,
    )

    html = client.get(dataset.get_absolute_url()).content.decode()
    assert f'href="/observatoire/donnees/fichiers/{data_file.pk}/"' in html
    assert data_file.file.name not in html  # the private storage path never shows
    response = client.get(f"/observatoire/donnees/fichiers/{data_file.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == (f'attachment; filename="donnees-{data_file.pk}.csv"')
    assert b"".join(response.streaming_content) == b"annee;valeur\n2024;3\n"
    assert settings.STORAGES["default"]["OPTIONS"]["base_url"] is None  # no public media URL

    dataset.status = "draft"
    dataset.save()
    assert client.get(f"/observatoire/donnees/fichiers/{data_file.pk}/").status_code == 404


def test_missing_file_is_a_404_not_a_500(client):
    dataset = DatasetFactory()
    data_file = dataset.files.create(
        title="Perdu", file="resources/datasetfile/absent.csv", file_mime="text/csv"
    )
    assert client.get(data_file.get_absolute_url()).status_code == 404


def test_sitemap_lists_published_datasets(client):
    published = DatasetFactory()
    draft = DatasetFactory(draft=True)

    xml = sitemap_text(client)

    assert f"/observatoire/{published.slug}/</loc>" in xml
    assert f"/observatoire/{draft.slug}/</loc>" not in xml
