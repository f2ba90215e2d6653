"""The pages of a département and of a région: every block, the figures against the dataset's
rows, links between the two, nothing unpublished, constant queries."""

import pytest
from django.urls import reverse

from resources.observatory.models import DataPoint
from tests.territories.conftest import make_event, make_practice, make_question, territory

pytestmark = pytest.mark.django_db


def test_departement_page_shows_every_block(client, nord):
    response = client.get("/territoires/59-nord/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Rencontre à Lille" in html and "Atelier à Arras" not in html
    assert "Institut social de Lille" in html and "Éducateur spécialisé (DEES)" in html
    assert "Pairs-aidants à Lille" in html and "Permanence à Lens" not in html
    assert "Pourquoi renoncer au contrat jeune majeur" in html
    assert "CLERSÉ" in html and "Évaluer le référent de parcours" in html
    assert 'href="/territoires/hauts-de-france/"' in html


def test_region_page_includes_its_departements_and_links_to_them(client, nord):
    html = client.get("/territoires/hauts-de-france/").content.decode()

    assert "Rencontre à Lille" in html and "Atelier à Arras" in html
    assert "Colloque à Bordeaux" not in html
    assert "Pairs-aidants à Lille" in html and "Permanence à Lens" in html
    assert "Pourquoi renoncer au contrat jeune majeur" in html
    assert 'href="/territoires/59-nord/"' in html and 'href="/territoires/80-somme/"' in html


def test_nothing_unpublished_is_shown(client, nord):
    for url in ("/territoires/59-nord/", "/territoires/hauts-de-france/"):
        html = client.get(url).content.decode()
        for hidden in (
            "Brouillon à Roubaix",
            "Pratique en relecture",
            "Question en relecture",
            "Laboratoire masqué",
            "Indicateur brouillon",
        ):
            assert hidden not in html, (url, hidden)


def test_departement_figures_are_the_dataset_rows_with_region_and_france(client, nord):
    response = client.get("/territoires/59-nord/")
    figures = response.context["figures"]

    rows = DataPoint.objects.filter(territory=nord, indicator__dataset__status="published")
    assert [f.point.pk for f in figures] == list(
        rows.order_by("indicator__position").values_list("pk", flat=True)
    )
    for figure in figures:
        by_place = {
            point.territory.slug: point.value
            for point in DataPoint.objects.filter(indicator=figure.indicator)
        }
        assert figure.point.value == by_place["59-nord"]
        assert [(name, text) for name, text in figure.compared] == [
            (
                "Hauts-de-France",
                figure.indicator.format_value(by_place["hauts-de-france"])
                + "\u00a0"
                + figure.indicator.unit,
            ),
            (
                "France entière",
                figure.indicator.format_value(by_place["national"])
                + "\u00a0"
                + figure.indicator.unit,
            ),
        ]
        assert figure.year == 2023
    html = response.content.decode()
    assert "30,9\u00a0‰" in html and "22,5\u00a0‰" in html and "7,1\u00a0%" in html
    # A chart with its data table, and the link to the indicator in its dataset.
    assert html.count('role="img"') == 2 and html.count("<caption>") == 2
    indicator = figures[0].indicator
    assert f'href="{indicator.dataset.get_absolute_url()}#{indicator.anchor}"' in html


def test_region_figures_compare_with_france_only(client, nord):
    figures = client.get("/territoires/hauts-de-france/").context["figures"]

    assert [f.value_text for f in figures] == ["27,4\u00a0‰", "6,0\u00a0%"]
    assert [f.compared for f in figures] == [
        [("France entière", "22,5\u00a0‰")],
        [("France entière", "4,4\u00a0%")],
    ]


def test_territory_without_anything_says_so(client, db):
    html = client.get("/territoires/48-lozere/").content.decode()

    assert "L'observatoire ne publie pas encore de chiffres pour ce territoire." in html
    assert "Aucun événement à venir dans ce territoire." in html


@pytest.mark.parametrize("slug", ["national", "nulle-part", "59"])
def test_unknown_or_national_slug_is_404(client, db, slug):
    assert client.get(f"/territoires/{slug}/").status_code == 404


def test_index_lists_regions_with_their_departements(client, db, django_assert_num_queries):
    with django_assert_num_queries(3):  # site config, session-less: départements with régions
        response = client.get("/territoires/")
    html = response.content.decode()

    assert response.status_code == 200
    assert 'href="/territoires/hauts-de-france/"' in html
    assert 'href="/territoires/59-nord/"' in html and 'href="/territoires/2a-corse-du-sud/"' in html


def _add_more(nord):
    pas_de_calais = territory("62-pas-de-calais")
    for n in range(6):
        make_event(f"Autre {n}", departement=nord, days=20 + n)
        make_practice(f"Pratique {n}", place=pas_de_calais if n % 2 else nord)
        make_question(f"Question {n} ?", place=nord)


@pytest.mark.parametrize("slug", ["59-nord", "hauts-de-france"])
def test_query_count_is_constant(client, nord, slug, django_assert_num_queries):
    url = reverse("resources:territory_detail", args=[slug])
    # The site config, the territory, (a région's départements), events, schools, diplomas,
    # practices, resources, questions, labs, projects, figures and their comparisons.
    with django_assert_num_queries(14 if slug == "hauts-de-france" else 13) as first:
        assert client.get(url).status_code == 200
    _add_more(nord)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200
