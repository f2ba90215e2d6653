"""The observatory's reads: the faceted dataset list, and a dataset with all its page shows."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from resources import search
from resources.observatory import charts
from resources.observatory.models import DataPoint, Dataset, DatasetFile, Indicator
from resources.search.faceting import Facet, FacetedQuery

PAGE_SIZE = 20

DATASET_FACETS = [
    Facet("theme", _("Thématique"), "themes__slug", "themes__name"),
    Facet("producteur", _("Producteur"), "producers__slug", "producers__name"),
    Facet("territoire", _("Couverture géographique"), "territories__slug", "territories__name"),
    Facet(
        "annee",
        _("Données jusqu'en"),
        "year",
        "year",
        many=False,
        numeric=True,
        order_by_label=True,
    ),
]


def dataset_page(params):
    """The context of the dataset list for the query string `params` (never raises on it)."""
    query = search.clean_query(params.get("q", ""))
    queryset = Dataset.objects.published().annotate(year=ExtractYear("period_end"))
    order_by = ("-publication_date", "-pk")
    if query:
        queryset = search.match(queryset, query, prefix="search_entries__")
        order_by = ("-rank", *order_by)
    faceted = FacetedQuery(queryset, DATASET_FACETS, params)
    results = (
        faceted.filtered()
        .order_by(*order_by)
        .prefetch_related("producers", "themes", "territories")
    )
    page = Paginator(results, PAGE_SIZE).get_page(params.get("page"))
    without_page = params.copy()
    without_page.pop("page", None)
    return {
        "page_obj": page,
        "facets": faceted.results(),
        "has_filters": faceted.has_filters,
        "query": query,
        "base_query": without_page.urlencode(),
    }


def dataset_for_page(slug):
    """The dataset with its vocabularies, files, indicators and points: a constant 6 queries."""
    points = DataPoint.objects.select_related("territory").order_by("period", "pk")
    indicators = Indicator.objects.prefetch_related(Prefetch("points", queryset=points))
    return (
        Dataset.objects.prefetch_related(
            "producers",
            "themes",
            "territories",
            Prefetch("files", queryset=DatasetFile.objects.all()),
            Prefetch("indicators", queryset=indicators),
        )
        .filter(slug=slug)
        .first()
    )


def indicator_panels(dataset):
    """For each indicator of the (prefetched) dataset: its rows in chart order and its chart."""
    panels = []
    for indicator in dataset.indicators.all():
        rows = charts.rows_for(indicator, indicator.points.all())
        panels.append(
            {"indicator": indicator, "rows": rows, "chart": charts.build_chart(indicator, rows)}
        )
    return panels


def filtered_datasets(params, *, at=None):
    """The datasets the list shows for `params` (text query and facets), unordered: the feed
    and the email alerts of an observatory selection (resources.followables)."""
    queryset = Dataset.objects.published(at=at).annotate(year=ExtractYear("period_end"))
    query = search.clean_query(params.get("q", ""))
    if query:
        queryset = search.match(queryset, query, prefix="search_entries__")
    return FacetedQuery(queryset, DATASET_FACETS, params).filtered()
