"""What a search with no result offers instead of a dead end: a corrected query that has
results (and how many), the filters to drop, the pages to browse (includes/no_results.html).

"Did you mean" compares the query's words with the words of titles and summaries (SearchTerm):
pg_trgm similarity on PostgreSQL, in one statement whatever the number of words; difflib over the
demo's few thousand words on SQLite. Words of the social-work vocabulary (« mna », « cesf ») are
known words, never "corrected".
"""

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import connection

from resources import search
from resources.models import SearchTerm
from resources.search import stemming
from resources.search.synonyms import vocabulary

_WORD = re.compile(r"[^\W\d_]{3,40}", re.UNICODE)
_SIMILAR = """
SELECT w.word,
       EXISTS (SELECT 1 FROM resources_searchterm t WHERE t.word = w.word),
       (SELECT t.word FROM resources_searchterm t
         WHERE t.word %% w.word AND similarity(t.word, w.word) >= %s
         ORDER BY similarity(t.word, w.word) DESC, t.word LIMIT 1)
  FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, n)
 ORDER BY w.n
"""


@dataclass(frozen=True)
class Suggestion:
    query: str
    count: int
    url: str


@dataclass(frozen=True)
class DropLink:
    label: str
    url: str


@lru_cache(maxsize=1)
def _vocabulary_words():
    return frozenset(
        stemming.fold(token)
        for group in vocabulary().groups
        for expression in group
        for token in stemming.TOKEN.findall(expression.text)
    )


def suggest(query):
    """The query with its unknown words replaced by the closest known ones, or None."""
    words = stemming.fold(query).split()
    unknown = [w for w in words if _WORD.fullmatch(w) and w not in _vocabulary_words()]
    if not unknown:
        return None
    corrections = _closest(sorted(set(unknown)))
    corrected = [corrections.get(word) or word for word in words]
    return " ".join(corrected) if corrected != words else None


def _closest(words):
    """word -> its closest known word, for the words not known as they are."""
    if search.is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(_SIMILAR, [settings.SEARCH_SUGGESTION_THRESHOLD, words])
            rows = cursor.fetchall()
        return {word: best for word, known, best in rows if not known and best}
    known = list(SearchTerm.objects.values_list("word", flat=True))
    present = set(known)
    return {
        word: match[0]
        for word in words
        if word not in present and (match := difflib.get_close_matches(word, known, 1, 0.75))
    }


def dead_end(*, request, query, faceted, entries):
    """Context for includes/no_results.html when `query` with the chosen filters found nothing.

    `faceted` is the page's IndexedFacetedQuery (its vocabularies are read already), `entries`
    the search entries the page searches (the suggestion is counted over them, same filters).
    """
    suggestion = None
    corrected = suggest(query)
    if corrected:
        count = faceted.filtered(queryset=search.match(entries, corrected)).count()
        if count:
            params = request.GET.copy()
            params["q"] = corrected
            params.pop("page", None)
            suggestion = Suggestion(query=corrected, count=count, url="?" + params.urlencode())
    return {
        "suggestion": suggestion,
        "drop_filters": drop_links(faceted),
        "without_filters_url": "?" + _only_query(request.GET).urlencode(),
    }


def drop_links(faceted):
    """One link per chosen filter value, to the same search without it."""
    labels = {
        (result.facet.param, option.value): option.label
        for result in faceted.results()
        for option in result.options
    }
    links = []
    for facet in faceted.facets:
        names = {}
        if facet.code:
            names = {slug: name for slug, (_pk, name) in faceted.terms(facet).items()}
        for value in faceted.selected[facet.param]:
            label = labels.get((facet.param, str(value))) or names.get(value) or str(value)
            links.append(DropLink(label=label, url=faceted.toggle_url(facet, value)))
    return links


def _only_query(params):
    kept = params.copy()
    for key in list(kept):
        if key not in ("q", "tri"):
            del kept[key]
    return kept
