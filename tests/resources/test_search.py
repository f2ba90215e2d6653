import pytest

from resources import search
from resources.models import Audience, SearchEntry, Territory, Theme
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [entry.title for entry in response.context["page_obj"].object_list]


def test_search_without_accent_finds_accented_plural(client):
    ResourceFactory(title="Le métier des éducateurs spécialisés", summary="Un guide.")
    ResourceFactory(title="Assistante sociale en CCAS", summary="Rien à voir.")

    response = client.get("/rechercher/", {"q": "educatrice"})

    assert titles(response) == ["Le métier des éducateurs spécialisés"]


def test_search_with_accents_finds_text_without(client):
    ResourceFactory(title="Guide de la mediation familiale", summary="Pour les familles.")

    response = client.get("/rechercher/", {"q": "médiation"})

    assert titles(response) == ["Guide de la mediation familiale"]


def test_search_ranks_title_above_summary_above_body(client):
    ResourceFactory(
        title="Rapport annuel",
        summary="Résumé neutre.",
        body="<p>Il est question de pair-aidance ici.</p>",
    )
    ResourceFactory(title="Guide général", summary="La pair-aidance expliquée.")
    ResourceFactory(title="La pair-aidance en pratique", summary="Résumé neutre.")

    response = client.get("/rechercher/", {"q": "pair-aidance"})

    assert titles(response) == [
        "La pair-aidance en pratique",
        "Guide général",
        "Rapport annuel",
    ]


def test_search_highlights_matched_words_and_escapes_html(client):
    ResourceFactory(title="Fiche", summary="Les <b>mineurs</b> non accompagnés & isolés.")

    response = client.get("/rechercher/", {"q": "mineur"})

    html = response.content.decode()
    assert "<mark>mineurs</mark>" in html
    assert "accompagnés &amp; isolés" in html
    assert "<b>mineurs" not in html


def test_search_hides_drafts_and_scheduled_resources(client):
    ResourceFactory(title="Protection de l'enfance publiée")
    ResourceFactory(title="Protection de l'enfance brouillon", draft=True)
    ResourceFactory(title="Protection de l'enfance programmée", scheduled=True)

    response = client.get("/rechercher/", {"q": "enfance"})

    assert titles(response) == ["Protection de l'enfance publiée"]


def test_search_suggests_a_correction_for_a_typo_with_its_count(client):
    ResourceFactory(title="Accompagnement vers l'autonomie des jeunes majeurs")

    response = client.get("/rechercher/", {"q": "acompagnement"})

    html = response.content.decode()
    assert titles(response) == []
    assert response.context["suggestion"].query == "accompagnement"
    assert response.context["suggestion"].count == 1
    assert 'href="?q=accompagnement">accompagnement</a>\u202f? (1 résultat)' in html
    assert "Aucun résultat pour «\u202facompagnement\u202f»" in html


def test_search_suggestion_count_agrees_in_the_plural(client):
    ResourceFactory(title="Accompagnement des jeunes majeurs")
    ResourceFactory(title="Accompagnement des familles")

    response = client.get("/rechercher/", {"q": "acompagnement"})

    assert "(2 résultats)" in response.content.decode()


def test_search_hides_a_suggestion_without_results_and_offers_to_drop_filters(client):
    housing = Theme.objects.get(slug="hebergement-et-logement")
    ResourceFactory(title="Accompagnement des jeunes majeurs")

    response = client.get("/rechercher/", {"q": "acompagnement", "theme": housing.slug})

    html = response.content.decode()
    assert response.context["suggestion"] is None
    assert "Vouliez-vous dire" not in html
    assert [link.label for link in response.context["drop_filters"]] == [housing.name]
    assert f"Sans le filtre «\u202f{housing.name}\u202f»" in html
    assert 'href="?q=acompagnement"' in html


def test_search_without_result_says_so_and_links_to_browse_pages(client):
    ResourceFactory(title="Une ressource")

    response = client.get("/rechercher/", {"q": "zzzxqw"})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["suggestion"] is None
    assert "Aucun résultat pour «\u202fzzzxqw\u202f»" in html
    assert 'href="/ressources/"' in html
    assert 'href="/agenda/"' in html
    assert 'href="/se-former/"' in html


def test_search_result_count_agrees_with_its_number(client):
    ResourceFactory(title="Guide de la pair-aidance")

    one = client.get("/rechercher/", {"q": "pair-aidance"}).content.decode()
    ResourceFactory(title="La pair-aidance en pratique")
    two = client.get("/rechercher/", {"q": "pair-aidance"}).content.decode()

    assert ">1 résultat</h2>" in one
    assert ">2 résultats</h2>" in two


def test_resource_list_query_without_result_offers_the_same_help(client):
    ResourceFactory(title="Accompagnement des jeunes majeurs")

    response = client.get("/ressources/", {"q": "acompagnement"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Aucun résultat pour «\u202facompagnement\u202f»" in html
    assert response.context["suggestion"].count == 1


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("éducatrice spécialisée", "Le métier d'éducateur spécialisé"),
        ("éducateur spécialisé", "Portrait d'une éducatrice spécialisée"),
        ("ASE", "Les missions de l'aide sociale à l'enfance"),
        ("aide sociale à l'enfance", "Sortir de l'ASE à dix-huit ans"),
        ("mna", "Accueil des mineurs non accompagnés"),
        ("mineurs non accompagnés", "Les MNA dans les départements"),
        ("aller-vers", "Aller vers les personnes isolées"),
        ("aller vers", "L'aller-vers en pratique"),
        ("personnes accompagnées", "L'accompagnement des personnes"),
    ],
)
def test_search_vocabulary_works_both_ways(client, query, text):
    ResourceFactory(title=text)
    ResourceFactory(title="Rapport sans rapport")

    response = client.get("/rechercher/", {"q": query})

    assert titles(response) == [text]


def test_search_lowercase_common_word_is_not_taken_for_an_abbreviation(client):
    ResourceFactory(title="Le métier d'éducateur spécialisé")

    response = client.get("/rechercher/", {"q": "es"})

    assert titles(response) == []


def test_search_facets_count_per_theme_and_filter(client):
    child = Theme.objects.get(slug="protection-de-lenfance")
    housing = Theme.objects.get(slug="hebergement-et-logement")
    ResourceFactory(title="Accueil d'urgence des enfants", themes=[child])
    ResourceFactory(title="Accueil en hébergement d'urgence", themes=[housing])
    ResourceFactory(title="Accueil d'urgence et logement des familles", themes=[child, housing])

    response = client.get("/rechercher/", {"q": "urgence", "theme": "protection-de-lenfance"})

    assert sorted(titles(response)) == [
        "Accueil d'urgence des enfants",
        "Accueil d'urgence et logement des familles",
    ]
    theme_facet = next(f for f in response.context["facets"] if f.facet.param == "theme")
    counts = {option.value: (option.count, option.selected) for option in theme_facet.options}
    # A facet's own filter does not narrow its counts: each option says what choosing it gives.
    assert counts == {"protection-de-lenfance": (2, True), "hebergement-et-logement": (2, False)}


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE resources_resource; --",
        "<script>alert(1)</script>",
        "\x00\x01 null",
        "a" * 5000,
        "&|!():*",
        '"non fermé',
        "-",
        "🙂 émoji",
    ],
)
def test_search_survives_hostile_queries(client, query):
    ResourceFactory(title="Une ressource")

    response = client.get("/rechercher/", {"q": query, "page": "9999", "annee": "abc"})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_index_follows_edits_and_deletions():
    resource = ResourceFactory(title="Titre initial")
    resource.title = "Titre corrigé sur la santé mentale"
    resource.save()

    assert SearchEntry.objects.get().title == "Titre corrigé sur la santé mentale"
    assert search.match(SearchEntry.objects.all(), "mental").count() == 1

    resource.delete()

    assert SearchEntry.objects.count() == 0


def test_index_follows_theme_changes():
    theme = Theme.objects.get(slug="sante-mentale")
    resource = ResourceFactory()

    resource.themes.add(theme)

    assert list(SearchEntry.objects.get().themes.all()) == [theme]


def test_search_page_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    # index scans preferred (SET LOCAL), the ids of the matches in the sample's buckets, then
    # (few of them) of every match, whose facets are counted on the catalogue's bitmaps, the
    # page, its snippets + the request's savepoint pair; the first search of a catalogue
    # version builds the bitmaps (the entries twice and the 3 vocabularies: 5 more). "Did you mean"
    # runs only without results.
    ResourceFactory(title="Santé mentale des jeunes")
    with django_assert_num_queries(12):
        response = client.get("/rechercher/", {"q": "santé mentale"})
    assert response.status_code == 200
    theme = Theme.objects.order_by("pk").first()
    audience = Audience.objects.order_by("pk").first()
    national = Territory.objects.get(slug="national")
    for n in range(25):
        resource = ResourceFactory(
            title=f"Santé mentale et territoire {n}",
            themes=[theme],
            audiences=[audience],
            territories=[national],
        )
    with django_assert_num_queries(12):
        response = client.get("/rechercher/", {"q": "santé mentale"})
    assert response.status_code == 200
    # Filters on every facet: bit operations on the bitmaps already read; the page shows the
    # same entries for the same words, whose excerpts come from the cache: 6.
    filters = {
        "q": "santé mentale",
        "public": [audience.slug, "autre-public"],
        "theme": theme.slug,
        "territoire": "national",
        "annee": str(resource.publication_date.year),
        "type": resource.resource_type.slug,
    }
    with django_assert_num_queries(6):
        response = client.get("/rechercher/", filters)
    assert response.status_code == 200
    assert "Santé mentale et territoire" in response.content.decode()


def test_search_page_without_result_runs_a_constant_number_of_queries(
    client, django_assert_num_queries
):
    # a page with results but no page to read nor snippets (the first of the version builds
    # the bitmaps: 5), + one "did you mean" statement for all the words, + the suggestion's
    # count when there is a suggestion
    for n in range(3):
        ResourceFactory(title=f"Accompagnement des familles {n}")
    with django_assert_num_queries(11):
        response = client.get("/rechercher/", {"q": "zzzxqw"})
    assert response.status_code == 200
    with django_assert_num_queries(6):
        response = client.get("/rechercher/", {"q": "zzzxqw yyyvvb hhhjjjkk"})
    assert response.status_code == 200
    with django_assert_num_queries(7):
        response = client.get("/rechercher/", {"q": "acompagnement familes"})
    assert response.status_code == 200
    assert response.context["suggestion"].count == 3
