"""The one-statement facet counts (IndexedFacetedQuery) against the generic per-facet path."""

import datetime
import random

import pytest
from django.http import QueryDict
from django.utils import timezone

from resources.models import Audience, ResourceType, SearchEntry, Territory, Theme
from resources.queries import RESOURCE_FACETS
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


@pytest.mark.parametrize(
    "picks",
    [
        {},
        {"theme": [0]},
        {"theme": [0, 1], "public": [2]},
        {"public": [0], "territoire": [1], "type": [2]},
        {"theme": [3], "public": [0, 1], "territoire": [0, 2], "type": [0, 1], "annee": ["2024"]},
    ],
)
def test_counts_and_filters_match_the_generic_path(catalogue, picks):
    params = QueryDict(mutable=True)
    for param, choices in picks.items():
        values = [c if isinstance(c, str) else catalogue[param][c].slug for c in choices]
        params.setlist(param, values)
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
