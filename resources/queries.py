"""The resource list's query, shared by the list page, its feeds and the email alerts."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy

from resources import search
from resources.models import Audience, Resource, ResourceType, SearchEntry, Territory, Theme
from resources.search.faceting import FACET_CODES, Facet, IndexedFacetedQuery


def entry_facets(type_label):
    """Facets over search entries: the site search's and the resource list's."""
    return [
        # Labels of chosen types the counts leave out: resource types (other kinds keep their slug).
        Facet("type", type_label, "kind", "kind_label", many=False, vocabulary=ResourceType),
        Facet(
            "public",
            gettext_lazy("Public"),
            "audiences__slug",
            "audiences__name",
            code=FACET_CODES["audiences"],
            vocabulary=Audience,
        ),
        Facet(
            "theme",
            gettext_lazy("Thématique"),
            "themes__slug",
            "themes__name",
            code=FACET_CODES["themes"],
            vocabulary=Theme,
        ),
        Facet(
            "territoire",
            gettext_lazy("Territoire"),
            "territories__slug",
            "territories__name",
            code=FACET_CODES["territories"],
            vocabulary=Territory,
        ),
        Facet(
            "annee",
            gettext_lazy("Année"),
            "year",
            "year",
            many=False,
            numeric=True,
            order_by_label=True,
        ),
    ]


RESOURCE_FACETS = entry_facets(gettext_lazy("Type de ressource"))

SORTS = {
    "pertinence": gettext_lazy("Pertinence"),
    "date": gettext_lazy("Plus récentes"),
    "titre": gettext_lazy("Titre (A → Z)"),
}


@dataclass
class ResourceQuery:
    """Resources filtered by the facets of their search entries.

    The resources' own query (published, matched and ranked when there is a query) is `queryset`;
    the facets are read and counted on their search entries (`faceted`, one statement for all
    counts), which carry the same types, audiences, themes, territories and years.
    """

    query: str
    sort: str
    queryset: QuerySet
    faceted: IndexedFacetedQuery

    @property
    def has_filters(self):
        return self.faceted.has_filters

    def facets(self):
        return self.faceted.results()

    def total(self):
        """The number of resources listed (every resource has one type: the type counts)."""
        return self.faceted.total("type")

    def filtered(self):
        if not self.faceted.has_filters:
            return self.queryset
        entries = self.faceted.filtered(queryset=SearchEntry.objects.filter(content_type=_type()))
        return self.queryset.filter(pk__in=entries.values("object_id"))

    def entry_results(self):
        """The listed resources' ids in the chosen order, read from their search entries alone
        (ranking and filters there; no join of 100,000 resources): with a text query, or from
        the catalogue's bitmaps (newest first or by title). None when the resources themselves
        are to be paged (results())."""
        if not self.query:
            return self.faceted.listed(by_title=self.sort == "titre")
        entries = self.faceted.filtered()
        if self.sort == "titre":
            entries = entries.order_by("title", "pk")
        elif self.sort == "pertinence":
            return _ObjectIds(search.Ranked(self.faceted, columns=["object_id"]))
        else:
            entries = entries.order_by("-date", "-pk")
            if self.faceted.total("type") and self.faceted.estimated:
                return search.InIndexOrder(entries.values_list("object_id", flat=True))
        return entries.values_list("object_id", flat=True)

    def results(self):
        queryset = self.filtered()
        if self.sort == "titre":
            return queryset.order_by("title", "pk")
        if self.sort == "pertinence" and self.query:
            return queryset.order_by("-rank", "-publication_date", "pk")
        return queryset.order_by("-publication_date", "-pk")


class _ObjectIds:
    """The resource ids of a page of ranked entries (for the Paginator)."""

    def __init__(self, ranked):
        self.ranked = ranked

    def __len__(self):
        return len(self.ranked)

    def __getitem__(self, page):
        return [row["object_id"] for row in self.ranked[page]]


def _type():
    return ContentType.objects.get_for_model(Resource)


def resource_query(params, *, base=None):
    """Read q, facets and sort from a QueryDict and build the matching resource query."""
    query = search.clean_query(params.get("q", ""))
    sort = params.get("tri", "")
    if sort not in SORTS:
        sort = "pertinence" if query else "date"
    queryset = base if base is not None else Resource.objects.published()
    entries, unmatched = SearchEntry.objects.visible(), None
    if query:
        queryset = search.match(queryset, query, prefix="search_entries__")
        # "+ 0": with a text query the GIN index should find the entries, not the content
        # type's index (which would check 100,000 out-of-row vectors one by one).
        entries = entries.alias(type_id=F("content_type_id") + 0).filter(type_id=_type().pk)
        unmatched = search.title_tier_base(entries, query)
        entries = search.match(entries, query)
    else:
        entries = entries.filter(content_type=_type())
    return ResourceQuery(
        query=query,
        sort=sort,
        queryset=queryset,
        faceted=IndexedFacetedQuery(
            entries,
            RESOURCE_FACETS,
            params,
            content_type=None if query else _type().pk,
            unmatched=unmatched,
        ),
    )
