"""Citations of a publication: an APA-like line for the page, BibTeX and RIS for export.

All read `publication.cited_contributors` (named and pseudonymous people, in order). BibTeX is
written by bibtexparser 2 and RIS by rispy, the libraries research/importers.py reads them back
with: the mapping below is the one both directions share, so that our own export imports into an
empty database as the same records (type, venue, publisher, people and their visibility).
"""

import re
import unicodedata

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field
from django.db.models import Prefetch

from research.enums import PublicationType, Visibility

# Publication type -> (BibTeX type, field of `venue`, field of `publisher`).
BIBTEX_TYPES = {
    PublicationType.ARTICLE: ("article", "journal", "publisher"),
    # A report's venue is its kind ("Rapport de recherche"): BibTeX's `type` field.
    PublicationType.REPORT: ("techreport", "type", "institution"),
    PublicationType.THESIS: ("phdthesis", "type", "school"),
    PublicationType.BOOK: ("book", "series", "publisher"),
    PublicationType.CHAPTER: ("incollection", "booktitle", "publisher"),
    PublicationType.COMMUNICATION: ("inproceedings", "booktitle", "publisher"),
    # biblatex's @dataset: plain @misc would come back as a report.
    PublicationType.DATASET: ("dataset", "howpublished", "publisher"),
}
# Publication type -> (RIS type, tag of `venue`).
RIS_TYPES = {
    PublicationType.ARTICLE: ("JOUR", "JO"),
    PublicationType.REPORT: ("RPRT", "M3"),
    PublicationType.THESIS: ("THES", "M3"),
    PublicationType.BOOK: ("BOOK", "T3"),
    PublicationType.CHAPTER: ("CHAP", "T2"),
    PublicationType.COMMUNICATION: ("CONF", "T2"),
    PublicationType.DATASET: ("DATA", "T2"),
}
# biblatex data annotation (`author+an = {2=pseudonym}`) and its RIS counterpart in a custom
# tag: a pseudonym is cited as chosen but must not come back as a named person.
PSEUDONYM_ANNOTATION = "pseudonym"
RIS_PSEUDONYM_PREFIX = "pseudonymes : "
LANGUAGE_NAMES = {"fr": "french", "en": "english"}


def _join_apa(names):
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) <= 20:
        return ", ".join(names[:-1]) + ", & " + names[-1]
    return ", ".join(names[:19]) + ", … " + names[-1]


def citation_line(publication):
    """`Family, G., & Other, A. (2023). Title. Venue, 12(3), 45-67. https://doi.org/…`"""
    authors = _join_apa([c.citation_name for c in publication.cited_contributors])
    title = publication.title.rstrip(".")
    parts = []
    head = f"{authors} ({publication.year})." if authors else f"{title}. ({publication.year})."
    parts.append(head)
    if authors:
        parts.append(f"{title}.")
    venue = publication.venue
    if venue:
        if publication.publication_type == PublicationType.ARTICLE:
            detail = venue
            if publication.volume:
                detail += f", {publication.volume}"
                if publication.issue:
                    detail += f"({publication.issue})"
            if publication.pages:
                detail += f", {publication.pages}"
            parts.append(f"{detail}.")
        elif publication.publication_type in (
            PublicationType.CHAPTER,
            PublicationType.COMMUNICATION,
        ):
            pages = f" (p. {publication.pages})" if publication.pages else ""
            parts.append(f"Dans {venue}{pages}.")
        else:
            parts.append(f"{venue}.")
    if publication.publisher and publication.publisher != venue:
        parts.append(f"{publication.publisher}.")
    if publication.doi_url:
        parts.append(publication.doi_url)
    elif publication.open_access_url:
        parts.append(publication.open_access_url)
    return " ".join(parts)


def _ascii_word(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if c.isascii()).lower())


def base_key(publication):
    """`family2023firstword`: readable, and the same while the record does not change."""
    contributors = publication.cited_contributors
    family = ""
    if contributors:
        first = contributors[0]
        family = _ascii_word(
            first.pseudonym if first.visibility == Visibility.PSEUDONYM else first.family_name
        )
    words = [w for w in (_ascii_word(w) for w in publication.title.split()) if len(w) > 3]
    return f"{family or 'ints'}{publication.year}{words[0] if words else ''}"


def _suffix(n):
    return "" if n == 0 else chr(ord("a") + n) if n < 26 else str(n + 1)


def citation_keys(publications):
    """{pk: key} unique across every public publication and stable as records are added.

    Publications sharing a base key are told apart in primary-key order: the oldest keeps the
    bare key, the next ones get b, c… — so a new publication never renames an older one's key.
    Side effects: none (two queries: the public publications of the same years).
    """
    from research.models import Publication, PublicationContributor

    publications = list(publications)
    pool = {p.pk: p for p in publications}
    contributors = PublicationContributor.objects.order_by("position", "pk")
    others = (
        Publication.objects.public()
        .filter(year__in={p.year for p in publications})
        .exclude(pk__in=pool)
        .prefetch_related(Prefetch("contributors", contributors))
    )
    pool.update({p.pk: p for p in others})
    keys, taken, counts = {}, set(), {}
    for pk in sorted(pool):
        base = base_key(pool[pk])
        n = counts.get(base, 0)
        while base + _suffix(n) in taken:
            n += 1
        keys[pk] = base + _suffix(n)
        counts[base] = n + 1
        taken.add(keys[pk])
    return {p.pk: keys[p.pk] for p in publications}


# BibTeX ---------------------------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _LATEX_SPECIALS))


def latex(value):
    """Text as a BibTeX value: one line, LaTeX's special characters escaped, UTF-8 kept."""
    text = " ".join(str(value).split())
    return _LATEX_SPECIAL.sub(lambda match: _LATEX_SPECIALS[match.group(0)], text)


def _bib_person(contributor):
    """`Family, Given`; a corporate or pseudonymous name is braced so it stays one last name."""
    if contributor.visibility == Visibility.PSEUDONYM:
        return "{" + latex(contributor.pseudonym) + "}"
    if not contributor.given_names:
        return "{" + latex(contributor.family_name) + "}"
    return f"{latex(contributor.family_name)}, {latex(contributor.given_names)}"


def _bib_people_fields(publication):
    cited = publication.cited_contributors
    role = "editor" if cited and all(c.role == "editor" for c in cited) else "author"
    fields = []
    if cited:
        fields.append((role, " and ".join(_bib_person(c) for c in cited)))
    pseudonyms = [
        str(i) for i, c in enumerate(cited, start=1) if c.visibility == Visibility.PSEUDONYM
    ]
    if pseudonyms:
        fields.append((f"{role}+an", "; ".join(f"{i}={PSEUDONYM_ANNOTATION}" for i in pseudonyms)))
    return fields


def bibtex_entry(publication, *, key):
    entry_type, venue_field, publisher_field = BIBTEX_TYPES[publication.publication_type]
    fields = [
        *_bib_people_fields(publication),
        # Double braces keep the title's capitals as written.
        ("title", "{" + latex(publication.title) + "}"),
        (venue_field, latex(publication.venue)),
        (publisher_field, latex(publication.publisher)),
        ("year", str(publication.year)),
        ("volume", latex(publication.volume)),
        ("number", latex(publication.issue)),
        ("pages", latex(publication.pages).replace("-", "--")),
        ("doi", publication.doi),
        ("url", publication.open_access_url),
        ("hal_id", publication.hal_id),
        ("keywords", latex(", ".join(publication.keyword_list))),
        ("language", LANGUAGE_NAMES.get(publication.language, "")),
        ("abstract", latex(publication.abstract)),
    ]
    return Entry(entry_type, key, [Field(name, value) for name, value in fields if value])


def _write_bibtex(entries):
    library = bibtexparser.Library(entries)
    layout = bibtexparser.BibtexFormat()
    layout.indent = "  "
    layout.block_separator = "\n"
    return bibtexparser.write_string(library, bibtex_format=layout)


def bibtex(publication):
    key = citation_keys([publication])[publication.pk]
    return _write_bibtex([bibtex_entry(publication, key=key)])


def bibtex_all(publications):
    """One file for many publications, with keys unique across the file (and the site)."""
    publications = list(publications)
    keys = citation_keys(publications)
    return _write_bibtex([bibtex_entry(p, key=keys[p.pk]) for p in publications])


# RIS ------------------------------------------------------------------------------------------


class _RisWriter(rispy.RisWriter):
    """RIS as reference managers expect it: CRLF, no record counter, a blank line between."""

    NEWLINE = "\r\n"
    SEPARATOR = ""

    def set_header(self, count):
        return ""


def _ris_text(value):
    return " ".join(str(value).split())


def _ris_person(contributor):
    if contributor.visibility == Visibility.PSEUDONYM:
        return _ris_text(contributor.pseudonym)
    return _ris_text(contributor.full_citation_name)


def ris_record(publication):
    ris_type, venue_tag = RIS_TYPES[publication.publication_type]
    cited = publication.cited_contributors
    editors = bool(cited) and all(c.role == "editor" for c in cited)
    record = {"type_of_reference": ris_type}
    if cited:
        record["secondary_authors" if editors else "authors"] = [_ris_person(c) for c in cited]
    record["title"] = _ris_text(publication.title)
    if publication.venue:
        record[rispy.TAG_KEY_MAPPING[venue_tag]] = _ris_text(publication.venue)
    record["year"] = str(publication.year)
    start, _sep, end = publication.pages.partition("-")
    for key, value in (
        ("volume", publication.volume),
        ("number", publication.issue),
        ("start_page", start.strip()),
        ("end_page", end.strip()),
        ("publisher", publication.publisher),
        ("doi", publication.doi),
        ("accession_number", publication.hal_id),
    ):
        if value:
            record[key] = _ris_text(value)
    if publication.open_access_url:
        record["urls"] = [publication.open_access_url]
    if publication.keyword_list:
        record["keywords"] = [_ris_text(word) for word in publication.keyword_list]
    if publication.abstract:
        record["abstract"] = _ris_text(publication.abstract)
    record["language"] = publication.language
    pseudonyms = [
        str(i) for i, c in enumerate(cited, start=1) if c.visibility == Visibility.PSEUDONYM
    ]
    if pseudonyms:
        record["custom8"] = RIS_PSEUDONYM_PREFIX + ", ".join(pseudonyms)
    return record


def ris(publication):
    return rispy.dumps([ris_record(publication)], implementation=_RisWriter)


def ris_all(publications):
    return rispy.dumps([ris_record(p) for p in publications], implementation=_RisWriter)
