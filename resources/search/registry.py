"""The facets of the search entries, declared once.

Each facet of the site search and of the resource list is one `EntryFacet`: a column of
SearchEntry (the kind, the year) or one of its many-to-many fields to a vocabulary (audiences,
themes, territories), which stay the source of truth. Everything else is derived from this
table: the vocabulary codes kept in `SearchEntry.facet_ids` (search.facet_ids), the links written
by search.index_object (a registered model's `search_document()` gives the field's name as key),
the vocabularies and dimensions of the facet bitmaps (bitmaps.build), the SQL counts
(sql.facet_counts, through faceting.IndexedFacetedQuery) and the facet component's options
(faceting.Facet.of, resources.queries.entry_facets).

Adding a vocabulary facet: one line here with a new code (never reuse one: old entries keep
theirs until reindexed), the many-to-many field on SearchEntry with its migration, and the key
in the `search_document()` of the models that have it. tests/resources/test_facet_registry.py
checks that these agree.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy

from resources.models import SearchEntry


@dataclass(frozen=True)
class EntryFacet:
    param: str  # the URL parameter
    label: str
    field: str  # a SearchEntry column, or one of its many-to-many fields to a vocabulary
    code: int = 0  # vocabulary facets: their code in SearchEntry.facet_ids
    label_field: str = ""  # column facets: the column holding an option's label
    labels: str = ""  # column facets: the model (app.Model) naming chosen values by slug
    numeric: bool = False
    order_by_label: bool = False

    @property
    def vocabulary(self):
        """The model whose slugs and names the facet's values are: the related model of a
        many-to-many facet, the `labels` model of a column facet, else None."""
        if self.code:
            return SearchEntry._meta.get_field(self.field).related_model
        return apps.get_model(self.labels) if self.labels else None


ENTRY_FACETS = (
    # Chosen types the counts leave out are named from the resource types (other kinds of
    # content keep their slug).
    EntryFacet(
        "type",
        gettext_lazy("Type"),
        "kind",
        label_field="kind_label",
        labels="resources.ResourceType",
    ),
    EntryFacet("public", gettext_lazy("Public"), "audiences", code=1),
    EntryFacet("theme", gettext_lazy("Thématique"), "themes", code=2),
    EntryFacet("territoire", gettext_lazy("Territoire"), "territories", code=3),
    EntryFacet("annee", gettext_lazy("Année"), "year", numeric=True, order_by_label=True),
)
VOCABULARY_FACETS = tuple(f for f in ENTRY_FACETS if f.code)
# SearchEntry many-to-many field -> its code in facet_ids.
FACET_CODES = {f.field: f.code for f in VOCABULARY_FACETS}
