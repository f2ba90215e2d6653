"""A visitor's query as a tree of words and phrases, expanded with the social-work vocabulary,
then written for PostgreSQL (a tsquery) or for the SQLite demo (regular expressions).

Syntax, as PostgreSQL's websearch_to_tsquery: words all required, "a quoted phrase", `-word` to
exclude, `or` (or `OU`) between two words for either. Each word also matches:
- its accented form when it was typed without accents and ends in ee/ees (« specialisee » →
  « spécialisée »), since Snowball stems the two differently;
- the expressions of its vocabulary group (resources/search/synonyms.py): « ASE » also looks for the
  phrase « aide sociale à l'enfance », « éducatrice spécialisée » for « éducateur spécialisé »,
  the longest expression found first. The visitor's own words stay one of the alternatives
  (as a phrase, when they form a known expression of several words).
Quoted phrases are taken as typed. The same tree drives both backends, so they find the same
texts (stems: resources/search/stemming.py).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery
from django.db.models import Case, ExpressionWrapper, FloatField, Q, Value, When

from resources.search import stemming
from resources.search.synonyms import vocabulary

_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OR = {"or", "OR", "Or", "OU"}
# A feminine past participle typed without accents: Snowball stems « specialisee » to
# specialise but « spécialisée » (and « spécialisé ») to specialis. Other endings stem alike.
_ACCENT_LOST = re.compile(r"ee(s?)$")


@dataclass(frozen=True)
class Atom:
    text: str
    phrase: bool  # several words in this order; otherwise one word (hyphenated or not)


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


@lru_cache(maxsize=2048)
def parse(query):
    """The query tree of `query` (already cleaned), or None when it has no word at all."""
    clauses, pending_or, run = [], False, []

    def push(clause):
        nonlocal pending_or
        if clause is None:
            return
        if pending_or and clauses:
            clauses[-1] = Or((clauses[-1], clause))
        else:
            clauses.append(clause)
        pending_or = False

    def flush():
        for clause in _expand(run):
            push(clause)
        run.clear()

    for match in _PART.finditer(query or ""):
        negated, quoted, plain = match.groups()
        if plain is not None and plain in _OR and (clauses or run):
            flush()
            pending_or = True
        elif quoted is not None:
            flush()
            phrase = _phrase(quoted)
            push(Not(phrase) if negated and phrase else phrase)
        elif plain.startswith("-") and len(plain) > 1:
            flush()
            words = stemming.TOKEN.findall(plain)
            push(Not(_all(Atom(w, False) for w in words)) if words else None)
        else:
            run.extend(stemming.TOKEN.findall(plain))
    flush()
    return _all(clauses)


def _all(nodes):
    nodes = tuple(n for n in nodes if n is not None)
    return None if not nodes else nodes[0] if len(nodes) == 1 else And(nodes)


def _any(nodes):
    nodes = tuple(dict.fromkeys(n for n in nodes if n is not None))
    return None if not nodes else nodes[0] if len(nodes) == 1 else Or(nodes)


def _phrase(text):
    words = stemming.TOKEN.findall(text)
    if not words:
        return None
    return Atom(text, False) if len(words) == 1 else Atom(" ".join(words), True)


def _expand(tokens):
    """Clauses for a run of plain words: each vocabulary expression found, else each word."""
    clauses, start = [], 0
    while start < len(tokens):
        length, members = vocabulary().longest_match(tokens, start)
        if length <= 1:
            clauses.append(_word(tokens[start]))
            start += 1
            continue
        # A recognised expression is looked for as a phrase: « éducatrice spécialisée » is one
        # profession, « éducateur technique spécialisé » another that merely holds both words.
        own = _phrase(" ".join(tokens[start : start + length]))
        clauses.append(_any([own, *(_phrase(m.text) for m in members)]))
        start += length
    return clauses


def _word(token):
    alternatives = [Atom(token, False)]
    if token.isalpha() and stemming.fold(token) == token.lower() and len(token) > 4:
        restored = _ACCENT_LOST.sub(r"ée\1", token.lower())
        if restored != token.lower():
            alternatives.append(Atom(restored, False))
    _length, members = vocabulary().longest_match([token], 0)
    alternatives.extend(_phrase(member.text) for member in members)
    return _any(alternatives)


# --- PostgreSQL ------------------------------------------------------------------------------


class TreeSearchQuery(SearchQuery):
    """A tsquery built from a query tree by the SQL functions of migration 0010_h13s_search_recall,
    in a sub-select so PostgreSQL computes it once per statement, not once per row."""

    def __init__(self, sql, params):
        super().__init__(sql)
        self.tree_sql, self.tree_params = sql, tuple(params)

    def as_sql(self, compiler, connection, **extra_context):
        return f"(SELECT {self.tree_sql})", list(self.tree_params)


def postgres_query(tree):
    sql, params = _pg(tree) if tree is not None else ("NULL::tsquery", [])
    return TreeSearchQuery(sql, params)


def _pg(node):
    if isinstance(node, Atom):
        function = "ints_phrase_tsquery" if node.phrase else "ints_word_tsquery"
        return f"{function}(%s)", [node.text]
    if isinstance(node, Not):
        sql, params = _pg(node.child)
        return f"(!! {sql})", params
    operator = " && " if isinstance(node, And) else " || "
    parts = [_pg(child) for child in node.children]
    return "(" + operator.join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]


# --- SQLite (the demo) -------------------------------------------------------------------------

_REGIONS = {
    "all": "",
    "title": r"^[^|]*",
    "head": r"^[^|]*(?:\|[^|]*)?",  # title and summary
}


def sqlite_filter(tree, field):
    """A Q object matching `field` (SearchEntry.search_text) against the tree."""
    q = _sq(tree, field, "all") if tree is not None else None
    return q if q is not None else Q(**{f"{field}__isnull": True})


def sqlite_rank(tree, field):
    """For each word or phrase the query looks for: 2 when the title holds it, 1 when the summary
    does. Like ts_rank, a text holding the whole expression (« éducateur spécialisé » as a
    phrase, not only both words) outranks one holding some of its words."""
    terms = []
    for atom in dict.fromkeys(_positive_atoms(tree)):
        pattern = atom_pattern(atom)
        if pattern is None:
            continue
        for region, weight in (("title", 2.0), ("head", 1.0)):
            lookup = {f"{field}__regex": _REGIONS[region] + pattern}
            terms.append(Case(When(Q(**lookup), then=Value(weight)), default=Value(0.0)))
    if not terms:
        return Value(0.0, output_field=FloatField())
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return ExpressionWrapper(total, output_field=FloatField())


def _positive_atoms(node):
    if isinstance(node, Atom):
        yield node
    elif isinstance(node, (And, Or)):
        for child in node.children:
            yield from _positive_atoms(child)


def _sq(node, field, region):
    if isinstance(node, Atom):
        pattern = atom_pattern(node)
        return None if pattern is None else Q(**{f"{field}__regex": _REGIONS[region] + pattern})
    if isinstance(node, Not):
        inner = _sq(node.child, field, region)
        return None if inner is None else ~inner
    parts = [_sq(child, field, region) for child in node.children]
    parts = [part for part in parts if part is not None]
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined = (combined & part) if isinstance(node, And) else (combined | part)
    return combined


@lru_cache(maxsize=4096)
def atom_pattern(atom):
    """The regular expression finding `atom` in a SQLite search text; None for stop words only.

    As in PostgreSQL, one alternative per way of stemming (accented then folded, or folded), a
    lone hyphenated word matches as a whole, and a phrase's stop words keep their place.
    """
    tokens = stemming.TOKEN.findall(atom.text)
    paths = []
    for path in (0, 1):
        steps = []
        for token in tokens:
            steps.append(stemming.variants(token)[path])
            if atom.phrase and "-" in token:
                steps.extend(stemming.variants(part)[path] for part in token.split("-"))
        while steps and steps[0] is None:
            steps.pop(0)
        while steps and steps[-1] is None:
            steps.pop()
        if steps:
            paths.append(" ".join(_position(step) for step in steps))
    if not paths:
        return None
    return r"(?<![^ ])(?:" + "|".join(dict.fromkeys(paths)) + r")(?![^ ])"


def _position(stem):
    if stem is None:
        return r"[^ |]+"
    return r"(?:[^ |/]+/)*" + re.escape(stem) + r"(?:/[^ |/]+)*"


def excludes(tree):
    """Does the tree exclude anything (a `-word` or `-"phrase"`)?"""
    if isinstance(tree, Not):
        return True
    if isinstance(tree, (And, Or)):
        return any(excludes(child) for child in tree.children)
    return False


def stems(tree):
    """Every stem the tree looks for (for highlighting on SQLite)."""
    if tree is None:
        return set()
    if isinstance(tree, Atom):
        return {s for token in stemming.TOKEN.findall(tree.text) for s in stemming.variants(token)}
    if isinstance(tree, Not):
        return set()
    return set().union(*(stems(child) for child in tree.children)) - {None}
