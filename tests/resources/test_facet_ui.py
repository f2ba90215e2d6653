"""The facet component: every option choosable, most frequent first, the others behind « Voir plus »
(resources.search.facet_ui, templates/includes/facets.html)."""

import re
from html import unescape

import pytest

from resources.models import Territory, Theme
from resources.search.facet_ui import Chip, facet_groups, filter_chips, sort_key
from resources.search.faceting import Facet, FacetResult, Option
from tests.factories import PublicationFactory, ResourceFactory

THEME = Facet("theme", "Thématique", "themes__slug", "themes__name")
YEAR = Facet("annee", "Année", "year", "year", many=False, numeric=True, order_by_label=True)


def result(facet, counts, selected=()):
    options = [
        Option(value=label.lower(), label=label, count=count, selected=label in selected, url="?x")
        for label, count in counts
    ]
    return FacetResult(facet=facet, options=options)


def labels(options):
    return [option.label for option in options]


def test_groups_most_frequent_first_ties_by_label_ignoring_accents():
    counts = [("Jeunesse", 2), ("Handicap", 5), ("Égalité", 2), ("Enfance", 2), ("Âge", 2)]

    [group] = facet_groups([result(THEME, counts)], visible=10)

    assert labels(group.shown) == ["Handicap", "Âge", "Égalité", "Enfance", "Jeunesse"]
    assert group.more == []


def test_groups_put_the_rest_behind_voir_plus_and_keep_every_option():
    counts = [(f"Thème {n:02d}", 30 - n) for n in range(24)]

    [group] = facet_groups([result(THEME, counts)])

    assert labels(group.shown) == [f"Thème {n:02d}" for n in range(6)]
    assert labels(group.more) == [f"Thème {n:02d}" for n in range(6, 24)]
    assert labels(group.options) == [label for label, _ in counts]
    assert group.searchable is True
    assert group.more_has_selected is False


def test_groups_show_all_when_voir_plus_would_hide_only_two():
    counts = [(f"Type {n}", 10 - n) for n in range(8)]

    [group] = facet_groups([result(THEME, counts)])

    assert len(group.shown) == 8
    assert group.more == []
    assert group.searchable is False


def test_groups_open_voir_plus_when_a_chosen_option_is_behind_it():
    counts = [(f"Territoire {n:03d}", 200 - n) for n in range(108)]

    [group] = facet_groups([result(THEME, counts, selected={"Territoire 100"})])

    assert group.more_has_selected is True
    assert [o.label for o in group.more if o.selected] == ["Territoire 100"]


def test_groups_keep_the_order_of_facets_ordered_by_label_and_skip_empty_facets():
    years = [("2026", 1), ("2025", 9), ("2024", 3)]

    groups = facet_groups([result(THEME, []), result(YEAR, years)])

    assert [(g.param, labels(g.shown)) for g in groups] == [("annee", ["2026", "2025", "2024"])]


def test_chips_list_chosen_options_then_extra_filters():
    chosen = result(THEME, [("Handicap", 3), ("Jeunesse", 1)], selected={"Jeunesse"})
    month = Chip(label="Janvier 2027", url="?")

    assert filter_chips([chosen], [month]) == [Chip(label="Jeunesse", url="?x"), month]


def test_sort_key_ignores_case_and_accents():
    assert sorted(["éducation", "Enfance", "Écoute", "âge"], key=sort_key) == [
        "âge",
        "Écoute",
        "éducation",
        "Enfance",
    ]


def checkbox_values(html, param):
    return re.findall(rf'name="{param}" value="([^"]+)"', html)


@pytest.mark.django_db
def test_resource_list_offers_every_theme_and_territory(client):
    themes = list(Theme.objects.order_by("pk"))
    territories = list(Territory.objects.order_by("pk"))
    for index, theme in enumerate(themes):
        ResourceFactory(themes=[theme], territories=territories[index :: len(themes)])

    response = client.get("/ressources/")
    html = unescape(response.content.decode())

    assert response.status_code == 200
    assert sorted(checkbox_values(html, "theme")) == sorted(t.slug for t in themes)
    assert sorted(checkbox_values(html, "territoire")) == sorted(t.slug for t in territories)
    facet = html[html.index('id="facette-territoire"') :]
    facet = facet[: facet.index("</fieldset>")]
    assert 'id="chercher-territoire"' in facet
    assert f"Voir plus ({len(territories) - 6} autres choix)" in facet
    assert html.count('<details class="ints-facet__more">') == 2  # themes and territories
    assert 'action="/ressources/#resultats"' in html
    assert '<h2 class="fr-h5 fr-mb-0" id="resultats" tabindex="-1">24 ressources</h2>' in html


@pytest.mark.django_db
def test_filters_leading_to_no_result_stay_shown_and_removable(client):
    ResourceFactory(themes=[Theme.objects.get(slug="jeunesse")])  # published this year

    response = client.get("/ressources/?theme=jeunesse&annee=2020&annee=2021")
    html = unescape(response.content.decode())

    assert response.status_code == 200
    assert 'Filtrer (3<span class="fr-sr-only"> filtres actifs</span>)' in html
    chips = re.findall(r'class="fr-tag fr-tag--dismiss" href="([^"]+)"[^>]*>([^<]+)<', html)
    assert chips == [
        ("?annee=2020&annee=2021#resultats", "Jeunesse"),
        ("?theme=jeunesse&annee=2021#resultats", "2020"),
        ("?theme=jeunesse&annee=2020#resultats", "2021"),
    ]
    assert 'id="f-annee-2020" name="annee" value="2020" checked' in html
    assert '<a class="fr-link" href="#resultats">Aller aux résultats</a>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/ressources/?type=these&theme=handicap", "/recherche/publications/?type=thesis"]
)
def test_an_empty_filtered_list_names_the_chosen_value_from_the_vocabulary(client, url):
    ResourceFactory()  # a guide: nothing matches a thesis
    PublicationFactory(publication_type="article")

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-label="Retirer le filtre Thèse"' in html
    assert "These" not in html and "Thesis" not in html
