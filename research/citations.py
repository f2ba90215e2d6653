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
from django.db import connection, transaction
from django.db.models import Q

from research.enums import ContributorRole, PublicationType, Visibility

# Publication type -> (BibTeX type, field of `venue`, field of `publisher`), in biber's data
# model: @article has no publisher (it goes to `note`), and datasets are @misc with `type =
# {dataset}` (citeproc-py and BibTeX styles do not know biblatex's @dataset).
BIBTEX_TYPES = {
    PublicationType.ARTICLE: ("article", "journal", "note"),
    # A report's venue is its kind ("Rapport de recherche"): BibTeX's `type` field.
    PublicationType.REPORT: ("techreport", "type", "institution"),
    PublicationType.THESIS: ("phdthesis", "type", "school"),
    PublicationType.BOOK: ("book", "series", "publisher"),
    # @inbook, not @incollection: biber requires an editor on @incollection, which we do not
    # record for chapters.
    PublicationType.CHAPTER: ("inbook", "booktitle", "publisher"),
    PublicationType.COMMUNICATION: ("inproceedings", "booktitle", "publisher"),
    PublicationType.DATASET: ("misc", "howpublished", "organization"),
}
DATASET_SUBTYPE = "dataset"  # `type` of a dataset's @misc: what tells it from other @misc
HAL_EPRINT_TYPE = "hal"  # biblatex's eprint type for HAL ids (`eprint = {hal-01234567}`)
LICENCE_PREFIX = "Licence : "  # `addendum` of a licensed publication
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
# biblatex data annotations (`author+an = {2=pseudonym,practitioner}`) and their RIS
# counterparts in custom tags: a pseudonym is cited as chosen but must not come back as a named
# person, and participatory co-authors keep the role they had.
PSEUDONYM_ANNOTATION = "pseudonym"
ROLE_ANNOTATIONS = (ContributorRole.PRACTITIONER, ContributorRole.PERSON_SUPPORTED)
RIS_PSEUDONYM_PREFIX = "pseudonymes : "
RIS_ROLES_PREFIX = "rôles : "
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


KEY_FAMILY_LENGTH = 30
KEY_LOCK = 250_025  # pg_advisory_xact_lock id: one key assignment at a time


def key_stem(*, family, title, year):
    """`family2023firstword`: readable; the part before any b, c… suffix."""
    family = _ascii_word(family)[:KEY_FAMILY_LENGTH]
    words = [w for w in (_ascii_word(w) for w in title.split()) if len(w) > 3]
    return f"{family or 'ints'}{year}{words[0][:KEY_FAMILY_LENGTH] if words else ''}"


def base_key(publication):
    contributors = publication.cited_contributors
    family = ""
    if contributors:
        first = contributors[0]
        family = first.pseudonym if first.visibility == Visibility.PSEUDONYM else first.family_name
    return key_stem(family=family, title=publication.title, year=publication.year)


def _suffix(n):
    return "" if n == 0 else chr(ord("a") + n) if n < 26 else str(n + 1)


def next_free_key(stem, taken):
    n = 0
    while stem + _suffix(n) in taken:
        n += 1
    return stem + _suffix(n)


def citation_keys(publications):
    """{pk: key}: each publication's stored key, assigned the first time it is cited.

    A key is never recomputed: unpublishing, deleting or retitling a publication leaves every
    other key as it was, so a document that downloads the .bib again cites the same papers.
    A publication without a key gets its stem (first author, year, first word) with the first
    suffix (b, c…) no publication ever took, in primary-key order.
    Side effects: stores the new keys (one UPDATE), under an advisory lock so that two exports
    never give one key twice; none when every publication already has its key.
    """
    from research.models import Publication

    publications = list(publications)
    missing = sorted((p for p in publications if not p.citation_key), key=lambda p: p.pk)
    if missing:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [KEY_LOCK])
            stored = dict(
                Publication.objects.filter(pk__in=[p.pk for p in missing])
                .exclude(citation_key="")
                .values_list("pk", "citation_key")
            )
            stems = {p.pk: base_key(p) for p in missing if p.pk not in stored}
            taken = set()
            if stems:
                starts = Q()
                for stem in set(stems.values()):
                    starts |= Q(citation_key__startswith=stem)
                taken = set(
                    Publication.objects.filter(starts).values_list("citation_key", flat=True)
                )
            for publication in missing:
                if publication.pk in stored:
                    publication.citation_key = stored[publication.pk]
                    continue
                publication.citation_key = next_free_key(stems[publication.pk], taken)
                taken.add(publication.citation_key)
            Publication.objects.bulk_update(
                [p for p in missing if p.pk not in stored], ["citation_key"]
            )
    return {p.pk: p.citation_key for p in publications}


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
    if contributor.is_organisation:
        return "{" + latex(contributor.family_name) + "}"
    return f"{latex(contributor.family_name)}, {latex(contributor.given_names)}"


def annotations(contributor):
    """What a `+an` field (BibTeX) or custom tag (RIS) says of one contributor."""
    notes = []
    if contributor.visibility == Visibility.PSEUDONYM:
        notes.append(PSEUDONYM_ANNOTATION)
    if contributor.role in ROLE_ANNOTATIONS:
        notes.append(str(contributor.role))
    return notes


def _bib_people_fields(publication):
    cited = publication.cited_contributors
    role = "editor" if cited and all(c.role == "editor" for c in cited) else "author"
    fields = []
    if cited:
        fields.append((role, " and ".join(_bib_person(c) for c in cited)))
    notes = [
        f"{i}={','.join(annotations(c))}" for i, c in enumerate(cited, start=1) if annotations(c)
    ]
    if notes:
        fields.append((f"{role}+an", "; ".join(notes)))
    return fields


def _bib_keyword(word):
    """A keyword as an item of biblatex's comma-separated list: braced if it has a comma."""
    text = latex(word)
    return "{" + text + "}" if "," in word else text


def bibtex_entry(publication, *, key):
    entry_type, venue_field, publisher_field = BIBTEX_TYPES[publication.publication_type]
    dataset = publication.publication_type == PublicationType.DATASET
    fields = [
        *_bib_people_fields(publication),
        # Double braces keep the title's capitals as written.
        ("title", "{" + latex(publication.title) + "}"),
        ("type", DATASET_SUBTYPE if dataset else ""),
        (venue_field, latex(publication.venue)),
        (publisher_field, latex(publication.publisher)),
        ("year", str(publication.year)),
        ("volume", latex(publication.volume)),
        ("number", latex(publication.issue)),
        ("pages", latex(publication.pages).replace("-", "--")),
        ("doi", publication.doi),
        ("eprint", publication.hal_id),
        ("eprinttype", HAL_EPRINT_TYPE if publication.hal_id else ""),
        ("url", publication.open_access_url),
        ("keywords", ", ".join(_bib_keyword(word) for word in publication.keyword_list)),
        ("language", LANGUAGE_NAMES.get(publication.language, "")),
        ("addendum", _licence_text(publication)),
        ("abstract", latex(publication.abstract)),
    ]
    return Entry(entry_type, key, [Field(name, value) for name, value in fields if value])


def _licence_text(publication):
    return LICENCE_PREFIX + publication.get_licence_display() if publication.licence else ""


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


# `CR` (rights) is not in rispy's mapping; Zotero reads it as the item's rights.
RIS_MAPPING = {**rispy.TAG_KEY_MAPPING, "CR": "rights"}


class _RisWriter(rispy.RisWriter):
    """RIS as reference managers expect it: CRLF, no record counter, a blank line between."""

    NEWLINE = "\r\n"
    SEPARATOR = ""
    DEFAULT_MAPPING = RIS_MAPPING

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
    if publication.licence:
        record["rights"] = publication.get_licence_display()
    roles = [f"{i}={c.role}" for i, c in enumerate(cited, start=1) if c.role in ROLE_ANNOTATIONS]
    if roles:
        record["custom7"] = RIS_ROLES_PREFIX + ", ".join(roles)
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
