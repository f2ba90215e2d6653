"""Faceted browsing: filters read from the query string, counts per facet, shareable URLs.

Within one facet the chosen values are alternatives (OR); across facets they combine (AND).
Each facet's counts are computed with every *other* facet applied, so a visitor sees how many
results each choice would give. `FacetedQuery` counts with the ORM, one query per facet (SQLite,
the demo); `IndexedFacetedQuery` counts search entries on PostgreSQL from the catalogue's bitmaps
(bitmaps.py), or in one statement while they are being built (sql.facet_counts).
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Func, IntegerField, Q
from django.utils import timezone

from resources.search import bitmaps
from resources.search import cache as search_cache
from resources.search import sql as search_sql

_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")
MAX_VALUES_PER_FACET = 20

# SearchEntry.facet_ids holds each linked term as code * FACET_CODE_BASE + its primary key
# (the codes: search.registry).
FACET_CODE_BASE = search_sql.FACET_CODE_BASE


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
    # The French labels of a facet over an enum field (value, label) pairs: declared here so
    # that a chosen value reads « Thèse » even when the counts bring no label for it.
    choices: tuple = ()

    def value_labels(self, values):
        """value -> label for `values`, from the vocabulary (by slug) or the choices; values
        found in neither are left out (one query, only for a vocabulary)."""
        if not values:
            return {}
        if self.choices:
            return {str(value): str(label) for value, label in self.choices}
        if self.vocabulary is None:
            return {}
        # "themes__name" names the vocabulary's field; a column of the list ("kind_label") does not.
        label_field = self.label_path.rsplit("__", 1)[-1] if "__" in self.label_path else "name"
        rows = self.vocabulary.objects.filter(slug__in=[str(v) for v in values])
        return {slug: str(label) for slug, label in rows.values_list("slug", label_field)}

    @classmethod
    def of(cls, entry_facet, label=None):
        """The facet over search entries that `entry_facet` (search.registry) declares,
        optionally under another label."""
        label = label or entry_facet.label
        if entry_facet.code:
            field = entry_facet.field
            return cls(
                entry_facet.param,
                label,
                f"{field}__slug",
                f"{field}__name",
                code=entry_facet.code,
                vocabulary=entry_facet.vocabulary,
            )
        return cls(
            entry_facet.param,
            label,
            entry_facet.field,
            entry_facet.label_field or entry_facet.field,
            many=False,
            numeric=entry_facet.numeric,
            order_by_label=entry_facet.order_by_label,
            vocabulary=entry_facet.vocabulary,
        )

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
    # Names of chosen values, for those the counts leave out (a filtered list with no result):
    # filled from the vocabulary already read when the query has it, else looked up once.
    labels: dict = field(default_factory=dict)
    labels_complete: bool = False

    def chosen_labels(self, values):
        """value -> label for the chosen `values`, at most one query per result and page."""
        if not self.labels_complete and any(str(v) not in self.labels for v in values):
            self.labels.update(self.facet.value_labels(values))
            self.labels_complete = True
        return self.labels

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

    def __init__(self, queryset, facets, params, *, content_type=None, unmatched=None):
        super().__init__(queryset, facets, params)
        self.content_type = content_type
        self.unmatched = unmatched  # text queries: search.title_tier_base()
        self._bits = None  # (index, bitmap of the entries kept) of a list from the bitmaps
        self._now = timezone.now()  # what is visible: one instant for the whole page
        self._masks = None  # (index, the chosen values' bitmaps)
        self._terms = {}
        self._results = None
        self._total = None  # the number of results when counted apart from the facets
        self.estimated = False  # that number estimated (« environ »): too many matches to count
        self._rows = None
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
        if self._listing() is not None:  # from the bitmaps: no need to count every facet
            return self._bits[1].bit_count()
        rows = self.rows()
        if self._total is not None:  # a text query: its number was read apart
            return self._total
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
            terms = self.terms(facet) if facet.code else {}
            labels = {v: terms[v][1] for v in chosen if v in terms}
            out.append(
                FacetResult(
                    facet=facet,
                    options=options,
                    approximate=self.approximate,
                    labels=labels,
                    # The terms are the whole vocabulary: a slug not in them names nothing.
                    labels_complete=bool(facet.code) or chosen <= labels.keys(),
                )
            )
        return out

    def _count_rows(self):
        """Rows of (facet param or "" for codes, value or code, label, count), from the
        catalogue's bitmaps (search.bitmaps): without a text query, from the bitmaps alone; with
        one, from the ids of the matches, or of a sample of them past ESTIMATE_ABOVE matches,
        the counts then scaled (self.approximate) and the number of results estimated
        (self.estimated, kept in self._total). While another process builds the bitmaps, one
        statement counts every facet over the matches (search.sql.facet_counts)."""
        text = "rank" in self.queryset.query.annotations  # a text query (search.match)
        rows = self._text_bitmap_rows() if text else self._bitmap_rows()
        if rows is not None:
            return rows
        columns = [
            search_sql.ColumnFacet(f.param, f.path, f.label_path) for f in self.facets if not f.code
        ]
        coded = {f.param: f.code for f in self.facets if f.code}
        fields = dict.fromkeys(
            [name for c in columns for name in (c.path, c.label_path)] + ["facet_ids"]
        )
        base_sql, base_params = self.queryset.order_by().values(*fields).query.sql_with_params()
        sql, before, after = search_sql.facet_counts(base_sql, self._flags(), columns, coded)
        params = [*before, *base_params, *after]
        return search_cache.get_or_compute(
            "facets", sql, params, lambda: search_sql.run(sql, params)
        )

    def _listing(self):
        """(index, bitmap of the entries kept) of a list without a text query, from the
        catalogue's bitmaps; None without a content type, on SQLite, or while another process
        builds the bitmaps."""
        if self._bits is None and self.content_type is not None and self.fast():
            index = bitmaps.current()
            if index is not None:
                base = index.scope(self.content_type, self._now)
                self._bits = (index, _kept(base, self._chosen_masks(index)))
        return self._bits

    def _bitmap_rows(self):
        """The count rows of the entries of self.content_type from the catalogue's bitmaps, or
        None (see _listing)."""
        if self._listing() is None:
            return None
        index = self._bits[0]
        rows, _kept_bits = self._count_bits(index, index.scope(self.content_type, self._now))
        return rows

    def _chosen_masks(self, index):
        """facet param -> bitmap of its chosen values, for the facets with a choice (computed
        once per index: the page's total and its counts both need them)."""
        if self._masks is not None and self._masks[0] is index:
            return self._masks[1]
        chosen = {}
        for facet in self.facets:
            values = self.selected[facet.param]
            if values and facet.code:
                chosen[facet.param] = index.mask(index.codes, self.codes(facet, values))
            elif values:
                chosen[facet.param] = index.mask(index.column(facet.path), values)
        self._masks = (index, chosen)
        return chosen

    def _count_bits(self, index, base):
        """(count rows over the entries of `base`, bitmap of those every filter keeps)."""
        chosen = self._chosen_masks(index)
        kept = _kept(base, chosen)
        rows = bitmaps.counts(
            index,
            base,
            columns={f.param: f.path for f in self.facets if not f.code},
            coded={f.param: f.code for f in self.facets if f.code},
            chosen=chosen,
        )
        return rows, kept

    def listed(self, *, by_title=False):
        """The entries' object ids, newest first or by title, for a Paginator, when counted
        from bitmaps; else None."""
        if self._listing() is None:
            return None
        return bitmaps.Page(*self._bits, by_title=by_title)

    def _text_bitmap_rows(self):
        """The count rows of a text query from the ids of its matches and the catalogue's
        bitmaps, or None without bitmaps. The entries of SAMPLE_BUCKETS of the 64 buckets of
        MOD(id, 64) are read first (the bucket index and the text index together: only their
        rows are read); when they promise no more than ESTIMATE_ABOVE matches every match is
        read and counted exactly, else the sample's counts are scaled."""
        index = bitmaps.current() if self.fast() else None
        if index is None:
            return None
        matches = self.queryset.order_by()
        sampled = matches.alias(bucket=Bucket("id")).filter(bucket__lt=search_sql.SAMPLE_BUCKETS)
        sql, params = sampled.values_list("pk").query.sql_with_params()

        def compute():
            ids = [row[0] for row in search_sql.run(sql, params)]
            scale = search_sql.BUCKETS / search_sql.SAMPLE_BUCKETS
            if len(ids) * scale <= search_sql.ESTIMATE_ABOVE:
                ids, scale = list(matches.values_list("pk", flat=True)), 1
            rows, kept = self._count_bits(index, index.bits_of(ids))
            return rows, kept.bit_count(), scale

        key = f"{sql} {sorted(self.selected.items())!r}"  # filters: bit operations, not SQL
        rows, kept, scale = search_cache.get_or_compute("bits", key, params, compute)
        if scale == 1:
            self._total = kept
            return rows
        self.approximate = self.estimated = True
        self._total = _round(kept * scale) if kept else 0
        return [(p, k, label, _round(count * scale)) for p, k, label, count in rows]

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


class Bucket(Func):
    """MOD(id, 64): the expression of the bucket index (migration 0012), written as a literal
    so that PostgreSQL recognises it."""

    template = f"MOD(%(expressions)s, {search_sql.BUCKETS})"
    output_field = IntegerField()


def _kept(base, chosen):
    """The entries of `base` that every chosen filter keeps."""
    for mask in chosen.values():
        base &= mask
    return base


def _round(count):
    """An estimated count to two significant digits (at least 1: the option was seen)."""
    count = max(1, round(count))
    digits = len(str(count)) - 2
    return count if digits <= 0 else round(count, -digits)
