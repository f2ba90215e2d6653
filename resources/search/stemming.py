"""French words reduced to search keys in Python, as PostgreSQL's text search does in SQL.

PostgreSQL indexes each word twice at the same position (see the migration
0010_h13s_search_recall): the Snowball stem of the accented word with its accents folded
(« accompagnées » → accompagn), which keeps the stemmer's recall, and the stem of the folded
word (« accompagnees » → accompagne), which is what a query typed without accents gives. The
SQLite demo (`make run`) does the same here with the `snowballstemmer` package (the same Snowball
French algorithm) and PostgreSQL's French stop words (data/french_stop.txt), so both backends
match the same texts. The vocabulary look-up (resources/search/synonyms.py) uses `key()` on both.

A document becomes one space-separated token per position: its stems joined by "/", "_" for a
stop word (it keeps its place, as in PostgreSQL, so phrases keep their gaps), and "|" between
title, summary and body (for ranking). A hyphenated word takes three positions, the whole word
then its parts, as PostgreSQL's parser gives them.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer

DATA = Path(__file__).resolve().parent / "data"
# Letters and digits; a hyphen joins two of them into one compound word (« aller-vers »).
TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
STOP_TOKEN = "_"
SECTION = "|"
# Letters that NFKD does not decompose but PostgreSQL's unaccent rules fold.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})

_stemmer = snowballstemmer.stemmer("french")


def fold(text):
    """Lower-case, accent-free text (PostgreSQL's unaccent, then lower)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1)
def stop_words():
    lines = (DATA / "french_stop.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=50_000)
def variants(word):
    """(stem of the accented word, folded; stem of the folded word); None for a stop word.

    Numbers and words with digits are kept whole, as PostgreSQL's `simple` dictionary does.
    """
    lower = word.lower()
    if any(ch.isdigit() for ch in lower):
        return (fold(lower), fold(lower))
    stops = stop_words()
    accented = None if lower in stops else fold(_stemmer.stemWord(lower))
    folded = None if fold(lower) in stops else _stemmer.stemWord(fold(lower))
    return (accented, folded)


def key(word):
    """One comparison key per word, for the vocabulary look-up: accents, case, plurals aside."""
    return _stemmer.stemWord(fold(word))


def positions(text):
    """The stems of each position of `text` (an empty set for a stop word), PostgreSQL-style."""
    out = []
    for token in TOKEN.findall(text or ""):
        out.append({s for s in variants(token) if s})
        if "-" in token:
            out.extend({s for s in variants(part) if s} for part in token.split("-"))
    return out


def document(*sections):
    """The SQLite search text of a document made of `sections` (title, summary, body)."""
    tokens = []
    for index, section in enumerate(sections):
        if index:
            tokens.append(SECTION)
        tokens.extend("/".join(sorted(stems)) or STOP_TOKEN for stems in positions(section))
    return " " + " ".join(tokens) + " "
