"""The search's raw SQL (resources/search/sql.py): statements, today's order from the RUM index
and without it, counts over a sample of broad queries, results cached per catalogue version."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ints_portal.views import SEARCH_FACETS
from resources import search
from resources.models import SearchEntry
from resources.search import cache as search_cache
from resources.search import sql as search_sql
from resources.search.faceting import IndexedFacetedQuery, _round
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def day(n):
    return timezone.make_aware(datetime.datetime(2024, 1, 1) + datetime.timedelta(days=n))


def test_facet_counts_statement_snapshot():
    flags = {"theme": search_sql.Flag("f2", "b.facet_ids && %s::int[]", [2000001])}
    columns = [search_sql.ColumnFacet("type", "kind", "kind_label")]

    sql, before, after = search_sql.facet_counts("SELECT * FROM e", flags, columns, {"theme": 2})

    assert sql == (
        "WITH m AS MATERIALIZED (SELECT b.*, b.facet_ids && %s::int[] AS f2 FROM "
        '(SELECT * FROM e) AS b) SELECT %s, m."kind"::text, MIN(m."kind_label")::text, '
        "COUNT(*) FROM m WHERE m.f2 GROUP BY m.\"kind\" UNION ALL SELECT '', k::text, '', "
        "COUNT(*) FROM (SELECT unnest(m.facet_ids) AS k, m.f2 FROM m WHERE TRUE) AS s "
        "WHERE k / 1000000 = ANY(%s) AND (k / 1000000 = 2 OR f2) GROUP BY k"
    )
    assert (before, after) == ([[2000001]], ["type", [2]])


def test_ranked_statement_snapshot_with_rum():
    sql, params = search_sql.ranked(
        ("SELECT * FROM e WHERE x = %s", ["x"]),
        ("to_tsquery(%s)", ["w"]),
        rum=True,
        columns=["id", "date"],
        offset=20,
        limit=20,
        first_base=("SELECT * FROM e", []),
    )

    assert sql == (
        'WITH f AS MATERIALIZED (SELECT t.* FROM (SELECT b."id", b."date", b.rank_vector <=> '
        "to_tsquery(%s) AS d FROM (SELECT * FROM e) AS b WHERE b.rank_vector @@ to_tsquery(%s) "
        "ORDER BY b.rank_vector <=> to_tsquery(%s) LIMIT %s) AS t ORDER BY t.d, t.date DESC, "
        't.id LIMIT %s) SELECT r."id", r."date" FROM ((SELECT 0 AS tier, f.* FROM f) UNION ALL '
        '(SELECT 1, b."id", b."date", -ts_rank(b.rank_vector, to_tsquery(%s)) AS d '
        "FROM (SELECT * FROM e WHERE x = %s) AS b WHERE NOT (b.rank_vector @@ to_tsquery(%s)) "
        "ORDER BY d, b.date DESC, b.id LIMIT GREATEST(0, %s - (SELECT COUNT(*) FROM f)))) AS r "
        "ORDER BY r.tier, r.d, r.date DESC, r.id LIMIT %s OFFSET %s"
    )
    # Page 2: the first tier gives up to its 40 best (from a window of the RUM index), the
    # second what the first lacks of 40; the page is rows 21 to 40.
    window = search_sql.RANK_WINDOW + 40
    assert params == ["w", "w", "w", window, 40, "w", "x", "w", 40, 20, 20]


@pytest.fixture
def ranking_catalogue():
    """Title matches (two ranks), a summary match and body-only matches, with their dates."""
    ResourceFactory(title="Maraudes", summary="Les maraudes de nuit", publication_date=day(1))
    ResourceFactory(title="Maraudes en ville", publication_date=day(5))
    ResourceFactory(title="Maraudes à la campagne", publication_date=day(3))
    ResourceFactory(title="Guide de rue", summary="Les maraudes", publication_date=day(9))
    ResourceFactory(title="Un rapport", body="<p>maraudes</p>", publication_date=day(2))
    ResourceFactory(title="Une fiche", body="<p>maraudes</p>", publication_date=day(7))
    ResourceFactory(title="Sans rapport", publication_date=day(8))


def ranked_titles(query, *, offset=0, limit=20):
    search.prefer_index_scans()
    entries = search.match(SearchEntry.objects.visible(), query)
    faceted = IndexedFacetedQuery(entries, SEARCH_FACETS, QueryDict())
    rows = search.Ranked(faceted, columns=["title"])[offset : offset + limit]
    return [row["title"] for row in rows]


EXPECTED = [
    "Maraudes",  # title and summary
    "Maraudes en ville",  # title alone, the newest first
    "Maraudes à la campagne",
    "Guide de rue",  # summary alone
    "Une fiche",  # body alone, the newest first
    "Un rapport",
]


@pytest.mark.parametrize("rum", [True, False])
def test_ranked_keeps_the_ordering_rule(ranking_catalogue, monkeypatch, rum):
    if rum:
        assert search_sql.has_rum(), "postgresql-15-rum is installed by .ci/run"
    monkeypatch.setitem(search_sql._rum, connection.alias, rum)

    assert ranked_titles("maraudes") == EXPECTED
    # A page that straddles the two tiers, and one in the body-only tier
    assert ranked_titles("maraudes", offset=3, limit=2) == EXPECTED[3:5]
    assert ranked_titles("maraudes", offset=5, limit=2) == EXPECTED[5:]


def test_ranked_matches_the_orm_rank_on_few_matches(ranking_catalogue):
    entries = search.match(SearchEntry.objects.visible(), "maraudes")
    orm = list(entries.order_by("-rank", "-date", "pk").values_list("title", flat=True))

    assert ranked_titles("maraudes") == orm == EXPECTED


def test_first_page_is_the_same_whether_the_count_is_exact_or_estimated(
    monkeypatch, client, settings
):
    """One ranking function: crossing the sampling threshold changes the counts (« environ »),
    never the order of the first page."""
    settings.INTS_PAGE_CACHE_SECONDS = 0
    for n in range(130):  # 130 consecutive ids: two to eight fall in the sampled buckets
        ResourceFactory(
            title=f"Accompagnement {n}" if n % 3 else f"Guide {n}",
            summary="accompagnement social" if n % 2 else "un guide",
            body="<p>accompagnement</p>",
            publication_date=day(n),
        )
    exact = ranked_titles("accompagnement")
    response = client.get("/rechercher/", {"q": "accompagnement"})
    assert not response.context["estimated"]

    monkeypatch.setattr(search_sql, "ESTIMATE_ABOVE", 5)  # now past the threshold
    search_cache.bump()  # the counts of the exact visit are not reused
    estimated = ranked_titles("accompagnement")
    response = client.get("/rechercher/", {"q": "accompagnement"})
    assert response.context["estimated"]

    assert estimated == exact and len(exact) == 20
    shown = [entry.title for entry in response.context["page_obj"].object_list]
    assert shown == exact


def test_counts_past_the_threshold_are_estimated_from_a_sample_and_labelled(client, monkeypatch):
    monkeypatch.setattr(search_sql, "ESTIMATE_ABOVE", 20)
    entries = [
        ResourceFactory(title=f"Accompagnement {n}", publication_date=day(n)) for n in range(160)
    ]
    ids = SearchEntry.objects.filter(title__startswith="Accompagnement").values_list(
        "pk", flat=True
    )
    in_sample = sum(1 for pk in ids if pk % search_sql.BUCKETS < search_sql.SAMPLE_BUCKETS)
    assert len(entries) == 160 and in_sample * 16 > 20  # past the threshold: estimated

    response = client.get("/rechercher/", {"q": "accompagnement"})

    assert response.status_code == 200
    expected = _round(in_sample * search_sql.BUCKETS / search_sql.SAMPLE_BUCKETS)
    assert response.context["page_obj"].paginator.count == expected  # the sample, scaled
    assert response.context["estimated"]
    assert len(response.context["page_obj"].object_list) == 20
    facets = list(response.context["facets"])
    assert all(result.approximate for result in facets)
    html = response.content.decode()
    assert "Nombres par filtre approchés (environ)" in html
    assert "Environ " in html and " résultats" in html


def test_counts_under_the_threshold_are_exact(client):
    for n in range(12):
        ResourceFactory(title=f"Accompagnement {n}", publication_date=day(n))

    response = client.get("/rechercher/", {"q": "accompagnement"})

    assert response.status_code == 200
    facets = list(response.context["facets"])
    assert not any(result.approximate for result in facets)
    assert next(r for r in facets if r.facet.param == "type").options[0].count == 12
    assert "approchés" not in response.content.decode()


def test_round_keeps_two_digits():
    assert [_round(x) for x in (0.2, 7.4, 97.6, 1234, 82087.0)] == [1, 7, 98, 1200, 82000]


def test_list_is_read_from_the_cache_until_the_catalogue_changes(
    client, django_assert_num_queries, settings
):
    settings.INTS_PAGE_CACHE_SECONDS = 0  # the whole-page cache would answer the second visit
    ResourceFactory(title="Premier")
    with django_assert_num_queries(9):  # cold: the facet bitmaps (2), the 3 vocabularies…
        response = client.get("/ressources/")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1
    # Same catalogue: counts and the facet block come from the cache (no count statement,
    # no vocabulary read).
    with django_assert_num_queries(4):
        response = client.get("/ressources/")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1

    ResourceFactory(title="Second")  # a new version of the catalogue
    with django_assert_num_queries(9):
        response = client.get("/ressources/")

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 2
    assert "2 ressources" in response.content.decode()


def test_a_broad_query_newest_first_reads_the_date_index(client, monkeypatch):
    monkeypatch.setattr(search_sql, "ESTIMATE_ABOVE", 20)
    for n in range(160):
        ResourceFactory(title=f"Accompagnement {n}", publication_date=day(n))

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/ressources/", {"q": "accompagnement", "tri": "date"})

    assert response.status_code == 200
    assert response.context["estimated"]  # many matches: the page walks the date index
    titles = [resource.title for resource in response.context["page_obj"].object_list]
    assert titles == [f"Accompagnement {n}" for n in range(159, 139, -1)]
    statements = [query["sql"] for query in captured.captured_queries]
    off = statements.index("SELECT set_config('enable_bitmapscan', 'off', false)")
    assert "SELECT set_config('enable_bitmapscan', 'on', false)" in statements[off:]  # reset
