"""The one-statement facet counts (IndexedFacetedQuery) against the generic per-facet path."""

import datetime
import random
from array import array

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import QueryDict
from django.utils import timezone

from resources.models import Audience, Resource, ResourceType, SearchEntry, Territory, Theme
from resources.queries import RESOURCE_FACETS
from resources.search import bitmaps
from resources.search.faceting import IndexedFacetedQuery
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def as_rows(results):
    return {
        r.facet.param: sorted((o.value, str(o.label), o.count, o.selected) for o in r.options)
        for r in results
    }


@pytest.fixture
def catalogue():
    rng = random.Random(7)
    themes = list(Theme.objects.order_by("pk")[:4])
    audiences = list(Audience.objects.order_by("pk")[:3])
    territories = list(Territory.objects.order_by("pk")[:3])
    types = list(ResourceType.objects.order_by("pk")[:3])
    for n in range(40):
        ResourceFactory(
            title=f"Ressource {n}",
            resource_type=rng.choice(types),
            publication_date=timezone.make_aware(datetime.datetime(rng.choice([2023, 2024]), 6, 1)),
            themes=rng.sample(themes, rng.randint(0, 2)),
            audiences=rng.sample(audiences, rng.randint(0, 2)),
            territories=rng.sample(territories, rng.randint(0, 1)),
        )
    return {"theme": themes, "public": audiences, "territoire": territories, "type": types}


PICKS = [
    {},
    {"theme": [0]},
    {"theme": [0, 1], "public": [2]},
    {"public": [0], "territoire": [1], "type": [2]},
    {"theme": [3], "public": [0, 1], "territoire": [0, 2], "type": [0, 1], "annee": ["2024"]},
]


def query_params(catalogue, picks):
    params = QueryDict(mutable=True)
    for param, choices in picks.items():
        values = [c if isinstance(c, str) else catalogue[param][c].slug for c in choices]
        params.setlist(param, values)
    return params


@pytest.mark.parametrize("picks", PICKS)
def test_counts_and_filters_match_the_generic_path(catalogue, picks):
    params = query_params(catalogue, picks)
    entries = SearchEntry.objects.visible()

    fast = IndexedFacetedQuery(entries, RESOURCE_FACETS, params)
    generic = IndexedFacetedQuery(entries, RESOURCE_FACETS, params)
    generic.fast = lambda: False  # the generic per-facet path, on the same database

    assert as_rows(fast.results()) == as_rows(generic.results())
    assert set(fast.filtered().values_list("pk", flat=True)) == set(
        generic.filtered().values_list("pk", flat=True)
    )
    # The pages' number of results comes from the type counts.
    assert fast.total("type") == generic.total("type") == fast.filtered().count()
    # Not vacuous: the type facet, counted with the other filters, adds up to the results
    # without the type filter.
    types = next(r for r in fast.results() if r.facet.param == "type")
    without_type = generic.filtered(except_facet=RESOURCE_FACETS[0]).count()
    assert without_type > 0
    assert sum(o.count for o in types.options) == without_type


def test_codes_follow_changes_of_the_links():
    theme, other = Theme.objects.order_by("pk")[:2]
    resource = ResourceFactory(themes=[theme])

    resource.themes.set([other])

    entry = SearchEntry.objects.get(object_id=resource.pk, content_type__model="resource")
    assert entry.facet_ids == [2_000_000 + other.pk]
    params = QueryDict(f"theme={theme.slug}")
    assert not IndexedFacetedQuery(SearchEntry.objects.all(), RESOURCE_FACETS, params).filtered()


@pytest.mark.parametrize("picks", PICKS)
def test_bitmap_counts_and_pages_match_the_statement(catalogue, picks):
    resource_type = ContentType.objects.get_for_model(Resource).pk
    ResourceFactory(publication_date=timezone.now() + datetime.timedelta(days=1))  # scheduled
    entries = SearchEntry.objects.visible().filter(content_type_id=resource_type)
    params = query_params(catalogue, picks)

    from_bitmaps = IndexedFacetedQuery(entries, RESOURCE_FACETS, params, content_type=resource_type)
    statement = IndexedFacetedQuery(entries, RESOURCE_FACETS, params)

    assert as_rows(from_bitmaps.results()) == as_rows(statement.results())
    assert from_bitmaps._bits is not None and statement._bits is None  # two paths compared
    newest = from_bitmaps.listed()
    expected = list(
        statement.filtered().order_by("-date", "-object_id").values_list("object_id", flat=True)
    )
    pages = [pk for start in range(0, len(expected) + 7, 7) for pk in newest[start : start + 7]]
    assert pages == expected
    assert len(newest) == from_bitmaps.total("type") == len(expected)
    by_title = from_bitmaps.listed(by_title=True)
    expected = list(
        statement.filtered().order_by("title", "object_id").values_list("object_id", flat=True)
    )
    assert [
        pk for start in range(0, len(expected) + 7, 7) for pk in by_title[start : start + 7]
    ] == expected


def test_bitmaps_show_a_scheduled_entry_once_its_date_has_come():
    now = timezone.now()
    soon = ResourceFactory(publication_date=now + datetime.timedelta(hours=1))
    older = ResourceFactory(publication_date=now - datetime.timedelta(days=1))
    resource_type = ContentType.objects.get_for_model(Resource).pk

    index = bitmaps.current()

    assert bitmaps.Page(index, index.scope(resource_type, now))[0:10] == [older.pk]
    later = index.scope(resource_type, now + datetime.timedelta(hours=2))
    assert bitmaps.Page(index, later)[0:10] == [soon.pk, older.pk]


def test_a_page_of_positions_crosses_machine_words():
    size = 200
    index = bitmaps.FacetIndex(
        version=1,
        size=size,
        future=[],
        object_ids=array("q", [1000 + n for n in range(size)]),
        positions=array("q", range(size)),
        title_order=array("q", reversed(range(size))),
        title_rank=array("q", reversed(range(size))),
        content_types={},
        kinds={},
        kind_labels={},
        years={},
        codes={},
        vocabularies={},
    )
    positions = [0, 5, 63, 64, 65, 127, 128, 130, 199]
    bits = sum(1 << p for p in positions)

    assert index.page(bits, 0, 3) == [1000, 1005, 1063]
    assert index.page(bits, 2, 6) == [1063, 1064, 1065, 1127]
    assert index.page(bits, 7, 20) == [1130, 1199]
    assert index.page(bits, 9, 20) == []
    assert bitmaps.Page(index, bits)[3:5] == [1064, 1065] and len(bitmaps.Page(index, bits)) == 9
    # by title (here the reverse of the positions): few entries are sorted, many walked
    assert index.page(bits, 0, 3, by_title=True) == [1199, 1130, 1128]
    everything = (1 << size) - 1
    assert index.page(everything, 0, 3, by_title=True) == [1199, 1198, 1197]


def test_cached_results_hold_until_the_next_scheduled_publication():
    from resources.search import cache as search_cache

    now = timezone.now()
    ResourceFactory(title="Publiée", publication_date=now - datetime.timedelta(days=1))
    ResourceFactory(title="Programmée", publication_date=now + datetime.timedelta(hours=2))
    assert bitmaps.current() is bitmaps.loaded()  # this process holds the version's bitmaps

    def key(at):
        return search_cache.key("page", "SELECT %s", [at])

    # Half an hour later the same entries are visible: the same cached result...
    assert key(now) == key(now + datetime.timedelta(minutes=30))
    # ...until the scheduled one appears.
    assert key(now + datetime.timedelta(hours=3)) != key(now)
