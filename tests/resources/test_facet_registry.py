"""The facets of the search entries are declared once (resources.search.registry)."""

import pytest
from django.db import models

from resources import search
from resources.models import Audience, SearchEntry, Territory, Theme
from resources.queries import RESOURCE_FACETS
from resources.search import FACET_CODE_BASE, bitmaps
from resources.search.registry import ENTRY_FACETS, FACET_CODES, VOCABULARY_FACETS
from tests.factories import ResourceFactory


def test_every_vocabulary_link_of_the_entries_is_declared_once_with_its_own_code():
    links = {f.name for f in SearchEntry._meta.many_to_many}

    assert {f.field for f in VOCABULARY_FACETS} == links
    assert len({f.code for f in VOCABULARY_FACETS}) == len(VOCABULARY_FACETS)
    assert len({f.param for f in ENTRY_FACETS}) == len(ENTRY_FACETS)
    for facet in ENTRY_FACETS:
        field = SearchEntry._meta.get_field(facet.field)
        assert isinstance(field, models.ManyToManyField) == bool(facet.code), facet


def test_the_lists_facets_are_the_registry_in_its_order():
    assert [f.param for f in RESOURCE_FACETS] == [f.param for f in ENTRY_FACETS]
    assert {f.param: f.code for f in RESOURCE_FACETS if f.code} == {
        f.param: f.code for f in VOCABULARY_FACETS
    }


@pytest.mark.django_db
def test_indexing_writes_the_links_and_codes_of_every_declared_facet():
    terms = {
        "themes": Theme.objects.order_by("pk").first(),
        "audiences": Audience.objects.order_by("pk").first(),
        "territories": Territory.objects.order_by("pk").first(),
    }
    resource = ResourceFactory()
    for name, term in terms.items():
        getattr(resource, name).set([term])

    entry = search.index_object(resource)

    for facet in VOCABULARY_FACETS:
        assert list(getattr(entry, facet.field).all()) == [terms[facet.field]]
    assert sorted(entry.facet_ids) == sorted(
        FACET_CODES[name] * FACET_CODE_BASE + term.pk for name, term in terms.items()
    )


@pytest.mark.django_db
def test_the_bitmaps_read_the_vocabulary_of_every_declared_facet():
    index = bitmaps.build(version=1)

    assert set(index.vocabularies) == {f.vocabulary._meta.label for f in VOCABULARY_FACETS}
