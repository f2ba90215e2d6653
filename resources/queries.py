"""The resource list's query, shared by the list page, its feeds and the email alerts."""

from dataclasses import dataclass

from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy

from resources import search
from resources.faceting import Facet, FacetedQuery
from resources.models import Resource

RESOURCE_FACETS = [
    Facet(
        "type",
        gettext_lazy("Type de ressource"),
        "resource_type__slug",
        "resource_type__name",
        many=False,
    ),
    Facet("public", gettext_lazy("Public"), "audiences__slug", "audiences__name"),
    Facet("theme", gettext_lazy("Thématique"), "themes__slug", "themes__name"),
    Facet("territoire", gettext_lazy("Territoire"), "territories__slug", "territories__name"),
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

SORTS = {
    "pertinence": gettext_lazy("Pertinence"),
    "date": gettext_lazy("Plus récentes"),
    "titre": gettext_lazy("Titre (A → Z)"),
}


@dataclass
class ResourceQuery:
    query: str
    sort: str
    faceted: FacetedQuery

    def results(self):
        queryset = self.faceted.filtered()
        if self.sort == "titre":
            return queryset.order_by("title", "pk")
        if self.sort == "pertinence" and self.query:
            return queryset.order_by("-rank", "-publication_date", "pk")
        return queryset.order_by("-publication_date", "-pk")


def resource_query(params, *, base=None):
    """Read q, facets and sort from a QueryDict and build the matching resource query."""
    query = search.clean_query(params.get("q", ""))
    sort = params.get("tri", "")
    if sort not in SORTS:
        sort = "pertinence" if query else "date"
    queryset = base if base is not None else Resource.objects.published()
    queryset = queryset.annotate(year=ExtractYear("publication_date"))
    if query:
        queryset = search.match(queryset, query, prefix="search_entries__")
    return ResourceQuery(
        query=query, sort=sort, faceted=FacetedQuery(queryset, RESOURCE_FACETS, params)
    )
