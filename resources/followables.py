"""The resource centre's lists that can be followed (resources.selection): resources, agenda,
site-wide search. Registered by resources.apps at start-up."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from resources import search, selection
from resources.agenda.models import Event
from resources.agenda.queries import EVENT_FACETS, event_query, parse_month
from resources.models import Resource, SearchEntry
from resources.observatory.models import Dataset
from resources.observatory.queries import DATASET_FACETS, filtered_datasets
from resources.queries import RESOURCE_FACETS, entry_facets, resource_query
from resources.search.faceting import IndexedFacetedQuery
from resources.selection import Followable, FollowItem

# The site-wide search's facets (its page in ints_portal.views reads them from here).
SEARCH_FACETS = entry_facets(_("Type de contenu"))
EVENT_KIND = "evenement"  # Event.search_document()'s kind


def new_resources(params, *, since, until, limit):
    queryset = (
        resource_query(params, base=Resource.objects.published(at=until))
        .filtered()
        .filter(publication_date__gt=since, publication_date__lte=until)
    )
    return [
        FollowItem(r.title, r.get_absolute_url(), r.publication_date, r.summary)
        for r in queryset.order_by("-publication_date", "-pk")[:limit]
    ]


def new_events(params, *, since, until, limit):
    """Events put on the agenda in (since, until] and not over: an event whose date moves
    keeps its publication date, so it is never announced twice."""
    events = (
        event_query(params, base=Event.objects.upcoming(at=until))
        .filtered()
        .filter(publication_date__gt=since)
    )
    return [
        FollowItem(e.title, e.get_absolute_url(), e.starts_at, e.summary)
        for e in events.order_by("starts_at", "pk")[:limit]
    ]


def search_entries(params, *, at=None):
    """The search entries of the site-wide search's selection `params` (text query and facets),
    unordered: its feed, digest and calendar."""
    entries = SearchEntry.objects.visible(at=at)
    query = search.clean_query(params.get("q", ""))
    if query:
        entries = search.match(entries, query)
    return IndexedFacetedQuery(entries, SEARCH_FACETS, params).filtered()


def search_events(params, *, base):
    """The events among the search selection's entries, from `base` (an Event queryset)."""
    entries = search_entries(params).filter(
        kind=EVENT_KIND, content_type=ContentType.objects.get_for_model(Event)
    )
    return base.filter(pk__in=entries.values("object_id"))


def new_search_entries(params, *, since, until, limit):
    entries = search_entries(params, at=until).filter(date__gt=since)
    return [
        FollowItem(e.title, e.url, e.date, e.summary)
        for e in entries.order_by("-date", "-pk")[:limit]
    ]


def new_datasets(params, *, since, until, limit):
    datasets = filtered_datasets(params, at=until).filter(publication_date__gt=since)
    return [
        FollowItem(d.title, d.get_absolute_url(), d.publication_date, d.summary, d.updated_at)
        for d in datasets.order_by("-publication_date", "-pk")[:limit]
    ]


def month_words(params):
    """The agenda's month filter in words (« décembre 2026 »)."""
    month = parse_month(params.get("mois"))
    if not month:
        return []
    return [date_format(datetime.date(month[0], month[1], 1), "F Y")]


RESOURCES = selection.register(
    Followable(
        key="resources",
        label=_("Ressources"),
        list_url="resources:list",
        facets=lambda: RESOURCE_FACETS,
        new_items=new_resources,
        feed_url="resources:feed",
        atom_url="resources:feed_atom",
        label_rows=lambda: SearchEntry.objects.all(),
    )
)
EVENTS = selection.register(
    Followable(
        key="events",
        label=_("Agenda"),
        list_url="resources:agenda",
        facets=lambda: EVENT_FACETS,
        new_items=new_events,
        feed_url="resources:events_feed",
        calendar_url="resources:events_ics",
        extra_keys=("mois",),
        describe_extra=month_words,
    )
)
SEARCH = selection.register(
    Followable(
        key="search",
        label=_("Recherche"),
        list_url="search",
        facets=lambda: SEARCH_FACETS,
        new_items=new_search_entries,
        feed_url="resources:search_feed",
        calendar_url="resources:search_ics",
        label_rows=lambda: SearchEntry.objects.all(),
    )
)
DATASETS = selection.register(
    Followable(
        key="datasets",
        label=_("Observatoire"),
        list_url="resources:observatory",
        facets=lambda: DATASET_FACETS,
        new_items=new_datasets,
        feed_url="resources:observatory_feed",
        # The observatory's facets are named from the datasets' own rows.
        label_rows=lambda: Dataset.objects.all(),
    )
)
