"""The social-work vocabulary (data/vocabulary.yaml): which expressions a query also looks for.

Why at query time, from a data file, rather than a thesaurus dictionary inside PostgreSQL's text
search configuration: a PostgreSQL synonym or thesaurus dictionary reads a file from the server's
`tsearch_data` directory, which a migration cannot install on a managed database (nor on CI's
fresh server without root), and every change of the file would need the whole index rebuilt.
Expanding the query instead (« ASE » → ASE | "aide sociale à l'enfance") needs no server file,
takes effect without reindexing, and is the same code on PostgreSQL and on the SQLite demo.
"""

from dataclasses import dataclass
from functools import lru_cache

import yaml

from resources.search import stemming

VOCABULARY = stemming.DATA / "vocabulary.yaml"


@dataclass(frozen=True)
class Expression:
    text: str
    keys: tuple
    # Per word, the folded spelling required too (abbreviations: « DEES » must not stem to
    # « de »), or None when any word of the same stem will do.
    spellings: tuple
    capitals_only: bool  # an abbreviation that is also a common word: matched when in capitals

    @property
    def words(self):
        return " ".join(stemming.TOKEN.findall(self.text)).lower()

    def matches(self, tokens):
        if self.capitals_only and not all(token.isupper() for token in tokens):
            return False
        lone = len(tokens) == 1 and not self.capitals_only
        if lone and stemming.fold(tokens[0]) in stemming.stop_words():
            return False  # a lone stop word (« de », « et ») never stands for an expression
        return all(
            spelling is None or stemming.fold(token) == spelling
            for token, spelling in zip(tokens, self.spellings, strict=True)
        )


class Vocabulary:
    def __init__(self, groups):
        self.groups = [
            tuple(_expression(text) for text in group if stemming.TOKEN.search(text))
            for group in groups
        ]
        self._by_keys = {}
        for index, group in enumerate(self.groups):
            for expression in group:
                self._by_keys.setdefault(expression.keys, []).append((index, expression))
        self.longest = max((len(keys) for keys in self._by_keys), default=0)

    def longest_match(self, tokens, start):
        """(length, expressions meaning the same) for the longest vocabulary expression found at
        `tokens[start:]` (raw query words), or (0, []) when none starts there."""
        for length in range(min(self.longest, len(tokens) - start), 0, -1):
            span = tokens[start : start + length]
            keys = tuple(stemming.key(token) for token in span)
            hits = [
                (index, expression)
                for index, expression in self._by_keys.get(keys, [])
                if expression.matches(span)
            ]
            if hits:
                typed = " ".join(span).lower()  # accents kept: « spécialisée » stems otherwise
                members = []
                for index, _found in hits:
                    members.extend(e for e in self.groups[index] if e.words != typed)
                return length, list(dict.fromkeys(members))
        return 0, []


def _expression(text):
    words = stemming.TOKEN.findall(text)
    return Expression(
        text=text,
        keys=tuple(stemming.key(word) for word in words),
        spellings=tuple(stemming.fold(word) if _abbreviation(word) else None for word in words),
        capitals_only=text.isupper() and stemming.fold(text) in stemming.stop_words(),
    )


def _abbreviation(word):
    return len(word) > 1 and word.isupper()


@lru_cache(maxsize=1)
def vocabulary():
    data = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    return Vocabulary(data["groups"])
