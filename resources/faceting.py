"""Faceted browsing: filters read from the query string, counts per facet, shareable URLs.

Within one facet the chosen values are alternatives (OR); across facets they combine (AND).
Each facet's counts are computed with every *other* facet applied, so a visitor sees how many
results each choice would give. One SQL query per facet, whatever the number of values.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Q

_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")
MAX_VALUES_PER_FACET = 20


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    path: str
    label_path: str
    many: bool = True
    numeric: bool = False
    order_by_label: bool = False

    def parse(self, values):
        clean = []
        for value in values[:MAX_VALUES_PER_FACET]:
            value = value.strip()
            if self.numeric:
                if value.isdigit() and 1900 <= int(value) <= 2100:
                    clean.append(int(value))
            elif _SLUG.match(value):
                clean.append(value)
        return sorted(set(clean), key=str)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class FacetResult:
    facet: Facet
    options: list = field(default_factory=list)

    @property
    def selected_options(self):
        return [option for option in self.options if option.selected]


class FacetedQuery:
    def __init__(self, queryset, facets, params):
        self.queryset = queryset
        self.facets = facets
        self.params = params
        self.selected = {facet.param: facet.parse(params.getlist(facet.param)) for facet in facets}

    @property
    def has_filters(self):
        return any(self.selected.values())

    def _apply(self, queryset, facet, values):
        if not values:
            return queryset
        if facet.many:
            # A subquery rather than a join, so a row matching two values is not counted twice.
            ids = queryset.model.objects.filter(**{f"{facet.path}__in": values}).values("pk")
            return queryset.filter(pk__in=ids)
        return queryset.filter(**{f"{facet.path}__in": values})

    def filtered(self, *, except_facet=None):
        queryset = self.queryset
        for facet in self.facets:
            if facet is not except_facet:
                queryset = self._apply(queryset, facet, self.selected[facet.param])
        return queryset

    def results(self):
        out = []
        for facet in self.facets:
            rows = (
                self.filtered(except_facet=facet)
                .exclude(Q(**{f"{facet.path}__isnull": True}))
                .values(*dict.fromkeys([facet.path, facet.label_path]))
                .annotate(count=Count("pk", distinct=True))
                .order_by()
            )
            chosen = set(self.selected[facet.param])
            options = [
                Option(
                    value=str(row[facet.path]),
                    label=str(row[facet.label_path]),
                    count=row["count"],
                    selected=row[facet.path] in chosen,
                    url=self.toggle_url(facet, row[facet.path]),
                )
                for row in rows
            ]
            if facet.order_by_label:
                options.sort(key=lambda o: o.label, reverse=facet.numeric)
            else:
                options.sort(key=lambda o: (-o.count, o.label))
            out.append(FacetResult(facet=facet, options=options))
        return out

    def toggle_url(self, facet, value):
        params = self.params.copy()
        params.pop("page", None)
        values = [str(v) for v in self.selected[facet.param]]
        value = str(value)
        params.setlist(
            facet.param, [v for v in values if v != value] if value in values else [*values, value]
        )
        return "?" + params.urlencode()
