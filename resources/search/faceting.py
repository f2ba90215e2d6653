"""Faceted browsing: filters read from the query string, counts per facet, shareable URLs.

Within one facet the chosen values are alternatives (OR); across facets they combine (AND).
Each facet's counts are computed with every *other* facet applied, so a visitor sees how many
results each choice would give. One SQL query per facet, whatever the number of values.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from resources.search import bitmaps
from resources.search import cache as search_cache
from resources.search import sql as search_sql

_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")
MAX_VALUES_PER_FACET = 20

# SearchEntry.facet_ids holds each linked term as code * FACET_CODE_BASE + its primary key.
FACET_CODE_BASE = search_sql.FACET_CODE_BASE
FACET_CODES = {"audiences": 1, "themes": 2, "territories": 3}


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    path: str
    label_path: str
    many: bool = True
    numeric: bool = False
    order_by_label: bool = False
    # IndexedFacetedQuery: the facet's code in SearchEntry.facet_ids and the vocabulary its
    # values come from (a model with slug and name). Facets without a code are columns.
    code: int = 0
    vocabulary: type | None = None

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
    approximate: bool = False  # counts estimated from a sample of the matches (« environ »)

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

    def filtered(self, *, except_facet=None, queryset=None):
        """The query with the chosen filters (all, or all but `except_facet`), applied to
        `queryset` when given rather than to the query's own."""
        queryset = self.queryset if queryset is None else queryset
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


class IndexedFacetedQuery(FacetedQuery):
    """A FacetedQuery over SearchEntry rows that counts every facet in one SQL statement.

    On PostgreSQL the matching entries are read once (a materialized CTE) and each facet is
    counted from them with the other facets' filters applied: column facets (kind, year) by
    GROUP BY, vocabulary facets by unnesting the entry's `facet_ids` codes, with no join to the
    link tables. Filters on vocabulary facets use the GIN index on `facet_ids`. Queries: one for
    the counts, one per vocabulary facet for its terms. SQLite (demo) takes the generic path.

    Without a text query, `content_type` (an id; the entries of that type are the queryset) lets
    the counts and the newest-first page come from the catalogue's bitmaps (search.bitmaps):
    no statement over the entries at all.
    """

    def __init__(self, queryset, facets, params, *, content_type=None):
        super().__init__(queryset, facets, params)
        self.content_type = content_type
        self._bits = None  # (index, bitmap of the entries kept) when counted from bitmaps
        self._terms = {}
        self._results = None
        self._exact_total = None
        self._rows = None
        self.first_tier = None  # text queries: how many entries match by title or summary
        self.approximate = False  # facet counts estimated from a sample of the matches

    @staticmethod
    def fast():
        return connection.vendor == "postgresql"

    def terms(self, facet):
        """slug -> (pk, name) of the facet's vocabulary, read once."""
        if facet.param not in self._terms:
            index = bitmaps.current(build_it=self.content_type is not None) if self.fast() else None
            if index is not None:  # read with the catalogue's bitmaps, once per version
                self._terms[facet.param] = index.vocabularies[facet.vocabulary._meta.label]
            else:
                rows = facet.vocabulary.objects.values_list("slug", "pk", "name")
                self._terms[facet.param] = {slug: (pk, name) for slug, pk, name in rows}
        return self._terms[facet.param]

    def codes(self, facet, values):
        terms = self.terms(facet)
        return [facet.code * FACET_CODE_BASE + terms[v][0] for v in values if v in terms]

    def _apply(self, queryset, facet, values):
        if not values or not facet.code or not self.fast():
            return super()._apply(queryset, facet, values)
        return queryset.filter(facet_ids__overlap=self.codes(facet, values))

    def results(self):
        """Facet options with counts; computed once per query object."""
        if self._results is None:
            self._results = super().results() if not self.fast() else self._fast_results()
        return self._results

    def total(self, param):
        """How many results the filters give, read from the counts of facet `param`, which every
        entry has exactly one value of (the kind): saves counting the matches again. On
        PostgreSQL it reads the cached count rows alone, so that a page whose facet block comes
        from the fragment cache builds no options."""
        if not self.fast():
            result = next(r for r in self.results() if r.facet.param == param)
            if self.selected[param]:  # chosen values without results are not among the options
                return sum(option.count for option in result.selected_options)
            return sum(option.count for option in result.options)
        rows = self.rows()
        if self._exact_total is not None:  # counts from a sample: the exact number was read
            return self._exact_total
        chosen = {str(v) for v in self.selected[param]}
        return sum(
            count for p, key, _label, count in rows if p == param and (not chosen or key in chosen)
        )

    def rows(self):
        """The count rows (see _count_rows), read once per query object."""
        if self._rows is None:
            self._rows = self._count_rows()
        return self._rows

    def _fast_results(self):
        rows = self.rows()
        by_param = {facet.param: [] for facet in self.facets}
        names = {}
        for facet in self.facets:
            if facet.code:
                for slug, (pk, name) in self.terms(facet).items():
                    names[(facet.code, pk)] = (facet, slug, name)
        facets = {facet.param: facet for facet in self.facets}
        for param, key, column_label, count in rows:
            if param:
                by_param[param].append((key, column_label, count))
                continue
            term = names.get(divmod(int(key), FACET_CODE_BASE))
            if term is not None:  # None: a term deleted since the entry was indexed
                facet, slug, name = term
                by_param[facet.param].append((slug, name, count))
        out = []
        for facet in facets.values():
            chosen = {str(v) for v in self.selected[facet.param]}
            options = [
                Option(
                    value=value,
                    label=label,
                    count=count,
                    selected=value in chosen,
                    url=self.toggle_url(facet, value),
                )
                for value, label, count in by_param[facet.param]
            ]
            if facet.order_by_label:
                options.sort(key=lambda o: o.label, reverse=facet.numeric)
            else:
                options.sort(key=lambda o: (-o.count, o.label))
            out.append(FacetResult(facet=facet, options=options, approximate=self.approximate))
        return out

    def _count_rows(self):
        """Rows of (facet param or "" for codes, value or code, label, count), cached per
        catalogue version (search_cache). For a text query with more than SAMPLE_ABOVE matches
        the counts come from a sample of the matches scaled to their exact number (kept in
        self.approximate); the exact number of results is then kept in self._exact_total."""
        columns = [
            search_sql.ColumnFacet(f.param, f.path, f.label_path) for f in self.facets if not f.code
        ]
        coded = {f.param: f.code for f in self.facets if f.code}
        fields = dict.fromkeys(
            [name for c in columns for name in (c.path, c.label_path)] + ["facet_ids"]
        )
        base_sql, base_params = self.queryset.order_by().values(*fields).query.sql_with_params()
        flags = self._flags()
        if "rank" in self.queryset.query.annotations:  # a text query (search.match)
            matches, kept = self._match_counts(fields, flags)
            return self._text_rows(base_sql, base_params, flags, columns, coded, matches, kept)
        rows = self._bitmap_rows()
        if rows is not None:
            return rows
        sql, before, after = search_sql.facet_counts(base_sql, flags, columns, coded)
        params = [*before, *base_params, *after]
        return search_cache.get_or_compute(
            "facets", sql, params, lambda: search_sql.run(sql, params)
        )

    def _bitmap_rows(self):
        """The count rows from the catalogue's bitmaps, or None (no content type given, or the
        bitmaps of this version are being built by another process)."""
        index = bitmaps.current() if self.content_type is not None and self.fast() else None
        if index is None:
            return None
        chosen = {}
        for facet in self.facets:
            values = self.selected[facet.param]
            if values and facet.code:
                chosen[facet.param] = index.mask(index.codes, self.codes(facet, values))
            elif values:
                chosen[facet.param] = index.mask(index.column(facet.path), values)
        base = index.scope(self.content_type, timezone.now())
        kept = base
        for mask in chosen.values():
            kept &= mask
        self._bits = (index, kept)
        return bitmaps.counts(
            index,
            base,
            columns={f.param: f.path for f in self.facets if not f.code},
            coded={f.param: f.code for f in self.facets if f.code},
            chosen=chosen,
        )

    def newest(self):
        """The entries' object ids, newest first, for a Paginator, when counted from bitmaps;
        else None."""
        if not self.fast():
            return None
        self.rows()
        return bitmaps.Page(*self._bits) if self._bits is not None else None

    def _match_counts(self, fields, flags):
        """(matches, kept by the filters); keeps the title/summary matches in self.first_tier."""
        query = self.queryset.order_by().values(*fields, "rank_vector").query
        compiler = query.get_compiler(connection=connection)
        base_sql, base_params = compiler.as_sql()
        q_sql, q_params = search_sql.ts_query_sql(self.queryset, compiler)
        sql, before = search_sql.match_counts(base_sql, flags, q_sql)
        params = [*q_params, *before, *base_params]  # q is in the select list, first
        matches, kept, self.first_tier = search_cache.get_or_compute(
            "matches", sql, params, lambda: search_sql.run(sql, params)[0]
        )
        return matches, kept

    def _text_rows(self, base_sql, base_params, flags, columns, coded, matches, kept):
        sql, before, after = search_sql.facet_counts(
            base_sql, flags, columns, coded, sample_size=True
        )
        params = [*before, *base_params, *after]
        sample = search_sql.SAMPLE_ABOVE if matches > search_sql.SAMPLE_ABOVE else 0
        rows = search_cache.get_or_compute(
            "text", sql, params, lambda: search_sql.run(sql, params, sample=sample)
        )
        self._exact_total = kept
        read = next((row[3] for row in rows if row[0] == "#"), 0)
        if not read or read >= matches:  # every match counted: exact
            return [row for row in rows if row[0] != "#"]
        self.approximate = True
        scale = matches / read
        return [(p, k, label, _round(count * scale)) for p, k, label, count in rows if p != "#"]

    def _flags(self):
        """facet param -> search_sql.Flag of each facet with chosen values."""
        qn = connection.ops.quote_name
        flags = {}
        for index, facet in enumerate(self.facets):
            values = self.selected[facet.param]
            if not values:
                continue
            if facet.code:
                sql, value = "b.facet_ids && %s::int[]", self.codes(facet, values)
            elif facet.numeric:
                sql, value = f"b.{qn(facet.path)} = ANY(%s::int[])", list(values)
            else:
                sql, value = f"b.{qn(facet.path)} = ANY(%s::text[])", [str(v) for v in values]
            flags[facet.param] = search_sql.Flag(f"f{index}", sql, value)
        return flags


def _round(count):
    """An estimated count to two significant digits (at least 1: the option was seen)."""
    count = max(1, round(count))
    digits = len(str(count)) - 2
    return count if digits <= 0 else round(count, -digits)
