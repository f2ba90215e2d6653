"""The raw SQL of search and facet counting on PostgreSQL, in one place (tests snapshot it).

`base_sql` is always a SELECT of search entries built by the ORM (a text match, visibility,
content type); the statements below wrap it. Each chosen filter is a boolean column ("flag")
computed once per entry; facet counts read the other facets' flags.
"""

from dataclasses import dataclass

from django.db import connection, connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

from core import replica

FACET_CODE_BASE = 1_000_000


@dataclass(frozen=True)
class Flag:
    """A chosen filter as a boolean column: its name, SQL over the base row `b`, parameter."""

    name: str
    sql: str
    param: object


@dataclass(frozen=True)
class ColumnFacet:
    param: str
    path: str
    label_path: str


def qn(name):
    return connection.ops.quote_name(name)


def flagged(base_sql, flags):
    """The base rows with one boolean column per flag."""
    columns = "".join(f", {flag.sql} AS {flag.name}" for flag in flags)
    return f"SELECT b.*{columns} FROM ({base_sql}) AS b"


def facet_counts(base_sql, flags, columns, coded):
    """(sql, params before the base's) of one statement giving rows of (facet param or "" for
    codes, value or code, label, count), each facet counted with the other facets' flags.

    `flags` maps a facet param to its Flag; `columns` are ColumnFacets (kind, year: GROUP BY);
    `coded` maps the params of vocabulary facets to their codes (unnest of facet_ids). Used
    while the catalogue's bitmaps (search.bitmaps) are being built: they count everything else.
    """

    def where(params):
        return " AND ".join(f"m.{flags[p].name}" for p in params if p in flags) or "TRUE"

    selects, params = [], []
    for facet in columns:
        path, label = qn(facet.path), qn(facet.label_path)
        others = [p for p in [*(c.param for c in columns), *coded] if p != facet.param]
        selects.append(
            f"SELECT %s, m.{path}::text, MIN(m.{label})::text, COUNT(*) FROM m "
            f"WHERE {where(others)} GROUP BY m.{path}"
        )
        params.append(facet.param)
    if coded:
        # unnest() in the select list (a ProjectSet) runs about twice as fast as a lateral
        # join; a code of facet F counts where every other chosen facet's flag holds.
        checks = "".join(
            f" AND (k / {FACET_CODE_BASE} = {code} OR {flags[param].name})"
            for param, code in coded.items()
            if param in flags
        )
        coded_flags = "".join(f", m.{flags[p].name}" for p in coded if p in flags)
        selects.append(
            f"SELECT '', k::text, '', COUNT(*) FROM (SELECT unnest(m.facet_ids) AS k"
            f"{coded_flags} FROM m WHERE {where(c.param for c in columns)}) AS s "
            f"WHERE k / {FACET_CODE_BASE} = ANY(%s){checks} GROUP BY k"
        )
        params.append(list(coded.values()))
    sql = f"WITH m AS MATERIALIZED ({flagged(base_sql, flags.values())}) " + " UNION ALL ".join(
        selects
    )
    return sql, [flag.param for flag in flags.values()], params


# Beyond this many matches of a text query, the number of results is estimated (« environ »)
# and the facets counted over a sample: reading every match costs about a microsecond each
# (107,000 for « accompagnement » at 100,000 resources), and counting them all is what made a
# broad search slow. The sample is the matches in SAMPLE_BUCKETS of BUCKETS buckets of
# MOD(id, BUCKETS) (an index of migration 0012): 1 in 16, read without the others.
ESTIMATE_ABOVE = 5_000
BUCKETS = 64
SAMPLE_BUCKETS = 4


def run(sql, params):
    """Rows of `sql`, on the replica inside replica.reads_from_replica while it is usable (as
    the ORM's reads), else on the primary."""
    with connections[replica.alias()].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# Ranking ------------------------------------------------------------------------------------

RUM_INDEX = "resources_searchentry_rank_rum"
# How many title/summary matches the RUM index hands over, best first, for the page's rows and
# the ties of the last one to be sorted by date (an incremental sort stops at the page).
RANK_WINDOW = 5_000
_rum = {}


def detect_rum(sender=None, connection=None, **kwargs):
    """Is the RUM index there? Asked once per process and database, when the first connection
    opens (outside any request's queries), and again after migrations."""
    if connection is None or connection.vendor != "postgresql" or connection.alias in _rum:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [RUM_INDEX])
        _rum[connection.alias] = cursor.fetchone()[0]


def _after_migrate(sender, using=None, **kwargs):
    from django.db import connections

    _rum.pop(using, None)
    detect_rum(connection=connections[using])


connection_created.connect(detect_rum, dispatch_uid="search-sql-rum")
post_migrate.connect(_after_migrate, dispatch_uid="search-sql-rum-migrate")


def has_rum():
    """Is there the RUM index on the ranking vector (migration 0010_h14_rank_index)?"""
    if connection.alias not in _rum:
        detect_rum(connection=connection)
    return _rum[connection.alias]


def ts_query_sql(queryset, compiler):
    """(sql, params) of the tsquery search.match() annotated `queryset`'s rank with."""
    ts_query = queryset.query.annotations["rank"].get_source_expressions()[1]
    return compiler.compile(ts_query)


def ranked(base, q, *, rum, columns, offset, limit, first_base=None):
    """(sql, params) of a page of matches: entries whose title and summary match the whole
    query, best rank first, then the newest; then the other matches (some words in the title
    or summary, or the body alone) by today's rank on title and summary, then the newest.
    `base` and `q` are (sql, params) of the entries and of the tsquery; `columns` are read
    from the base row. The second tier is read only when the first has fewer rows than the
    page needs (its LIMIT is 0 otherwise).

    With the RUM index the title/summary matches come out of the index by distance (about
    1 / ts_rank_cd) and only the page and the ties of its last row are sorted by date (an
    incremental sort); without it every such match is ranked with ts_rank, as before.

    `first_base`, when given, is the same entries without the text condition, for the first
    tier: a title/summary match is a match (a query without exclusion), and without that
    condition PostgreSQL reads the first tier from the RUM index in its order (30 ms for
    « accompagnement ») instead of ranking every match (210 ms).
    """
    (base_sql, base_params), (q_sql, q_params) = base, q
    first_sql, first_base_params = first_base or base
    cols = ", ".join(f"b.{qn(c)}" for c in columns)
    out = ", ".join(f"r.{qn(c)}" for c in columns)
    stop = offset + limit
    if rum:
        first = (
            f"SELECT t.* FROM (SELECT {cols}, b.rank_vector <=> {q_sql} AS d FROM ({first_sql})"
            f" AS b WHERE b.rank_vector @@ {q_sql} ORDER BY b.rank_vector <=> {q_sql} LIMIT %s)"
            " AS t ORDER BY t.d, t.date DESC, t.id LIMIT %s"
        )
        first_params = [*q_params, *first_base_params, *q_params, *q_params, RANK_WINDOW + stop]
    else:
        first = (
            f"SELECT {cols}, -ts_rank(b.rank_vector, {q_sql}) AS d FROM ({first_sql}) AS b"
            f" WHERE b.rank_vector @@ {q_sql} ORDER BY d, b.date DESC, b.id LIMIT %s"
        )
        first_params = [*q_params, *first_base_params, *q_params]
    sql = (
        f"WITH f AS MATERIALIZED ({first}) "
        f"SELECT {out} FROM ((SELECT 0 AS tier, f.* FROM f) UNION ALL "
        f"(SELECT 1, {cols}, -ts_rank(b.rank_vector, {q_sql}) AS d FROM ({base_sql}) AS b"
        f" WHERE NOT (b.rank_vector @@ {q_sql}) ORDER BY d, b.date DESC, b.id"
        " LIMIT GREATEST(0, %s - (SELECT COUNT(*) FROM f)))) AS r"
        " ORDER BY r.tier, r.d, r.date DESC, r.id LIMIT %s OFFSET %s"
    )
    params = [*first_params, stop, *q_params, *base_params, *q_params, stop, limit, offset]
    return sql, params
