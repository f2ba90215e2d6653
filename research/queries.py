"""Faceted lists of the research pillar, on resources.search.faceting.FacetedQuery."""

from django.core.paginator import Paginator
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from research.enums import (
    ContractType,
    LabHostKind,
    ProjectStatus,
    ProjectType,
    PublicationType,
    QuestionStage,
)
from research.models import ContractOffer, FieldQuestion, Lab, Project, Publication
from resources import search
from resources.models import Territory, Theme
from resources.search.faceting import Facet, FacetedQuery
from resources.search.registry import ENTRY_FACETS

PAGE_SIZE = 20

_THEME = Facet("theme", _("Thématique"), "themes__slug", "themes__name", vocabulary=Theme)
_YEAR = Facet("annee", _("Année"), "year", "year", many=False, numeric=True, order_by_label=True)


LAB_FACETS = [
    Facet("region", _("Région"), "region__slug", "region__name", many=False, vocabulary=Territory),
    Facet(
        "type",
        _("Type de structure"),
        "host_kind",
        "host_kind",
        many=False,
        choices=tuple(LabHostKind.choices),
    ),
    _THEME,
]
PROJECT_FACETS = [
    Facet(
        "type",
        _("Type de projet"),
        "project_type",
        "project_type",
        many=False,
        choices=tuple(ProjectType.choices),
    ),
    Facet("etat", _("État"), "status", "status", many=False, choices=tuple(ProjectStatus.choices)),
    _THEME,
    Facet("laboratoire", _("Laboratoire"), "labs__slug", "labs__name", vocabulary=Lab),
    Facet("region", _("Région"), "labs__region__slug", "labs__region__name", vocabulary=Territory),
    _YEAR,
]
PUBLICATION_FACETS = [
    Facet(
        "type",
        _("Type de publication"),
        "publication_type",
        "publication_type",
        many=False,
        choices=tuple(PublicationType.choices),
    ),
    _THEME,
    Facet("laboratoire", _("Laboratoire"), "labs__slug", "labs__name", vocabulary=Lab),
    Facet("region", _("Région"), "labs__region__slug", "labs__region__name", vocabulary=Territory),
    _YEAR,
]
CONTRACT_FACETS = [
    Facet(
        "type",
        _("Type de contrat"),
        "contract_type",
        "contract_type",
        many=False,
        choices=tuple(ContractType.choices),
    ),
    _THEME,
    Facet(
        "region",
        _("Région"),
        "lab__region__slug",
        "lab__region__name",
        many=False,
        vocabulary=Territory,
    ),
]

# Questions de terrain: theme and territory under the site search's parameter names
# (search.registry), so a saved selection reads the same everywhere.
_ENTRY_PARAMS = {facet.field: facet.param for facet in ENTRY_FACETS}
QUESTION_FACETS = [
    Facet(
        "avancement",
        _("Avancement"),
        "stage",
        "stage",
        many=False,
        choices=tuple(QuestionStage.choices),
    ),
    Facet(
        _ENTRY_PARAMS["themes"], _("Thématique"), "themes__slug", "themes__name", vocabulary=Theme
    ),
    Facet(
        _ENTRY_PARAMS["territories"],
        _("Territoire"),
        "territory__slug",
        "territory__name",
        many=False,
        vocabulary=Territory,
    ),
]


def _base(kind):
    if kind == "labs":
        return Lab.objects.public().for_list(), LAB_FACETS, ("name", "pk")
    if kind == "projects":
        queryset = Project.objects.public().for_list().annotate(year=ExtractYear("start_date"))
        return queryset, PROJECT_FACETS, ("-start_date", "title", "pk")
    if kind == "publications":
        queryset = Publication.objects.public().for_list()
        return queryset, PUBLICATION_FACETS, ("-year", "title", "pk")
    if kind == "questions":
        queryset = FieldQuestion.objects.published().for_list()
        return queryset, QUESTION_FACETS, ("-publication_date", "-pk")
    queryset = ContractOffer.objects.open().select_related("lab", "lab__region", "supervisor")
    return queryset, CONTRACT_FACETS, ("deadline", "title", "pk")


def faceted_page(kind, params):
    """The page of `kind` ("labs", "projects", "publications", "questions", "contracts") for
    `params`.

    Returns the context for the list template: page, facets with counts (enum values labelled
    in French), the cleaned query and the query string without `page`.
    """
    queryset, facets, order_by = _base(kind)
    query = search.clean_query(params.get("q", "")) if kind != "contracts" else ""
    if query:
        queryset = search.match(queryset, query, prefix="search_entries__")
        order_by = ("-rank", *order_by)
    faceted = FacetedQuery(queryset, facets, params)
    page = Paginator(faceted.filtered().order_by(*order_by), PAGE_SIZE).get_page(params.get("page"))
    results = faceted.results()
    for facet_result in results:
        labels = dict(facet_result.facet.choices)
        if labels:
            for option in facet_result.options:
                option.label = str(labels.get(option.value, option.value))
    without_page = params.copy()
    without_page.pop("page", None)
    return {
        "page_obj": page,
        "facets": results,
        "has_filters": faceted.has_filters,
        "query": query,
        "base_query": without_page.urlencode(),
    }


def filtered(kind, params):
    """The objects of `kind` that the list page shows for `params`, unordered and unpaged
    (exports and feeds of a filtered list)."""
    queryset, facets, _order_by = _base(kind)
    query = search.clean_query(params.get("q", "")) if kind != "contracts" else ""
    if query:
        queryset = search.match(queryset, query, prefix="search_entries__")
    return FacetedQuery(queryset, facets, params).filtered()
