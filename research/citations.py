"""Citations of a publication: an APA-like line for the page, BibTeX and RIS for export.

All three read `publication.cited_contributors` (named and pseudonymous people, in order).
"""

import re
import unicodedata

from research.enums import PublicationType

BIBTEX_TYPES = {
    PublicationType.ARTICLE: "article",
    PublicationType.REPORT: "techreport",
    PublicationType.THESIS: "phdthesis",
    PublicationType.BOOK: "book",
    PublicationType.CHAPTER: "incollection",
    PublicationType.COMMUNICATION: "inproceedings",
    PublicationType.DATASET: "misc",
}
# The field holding `venue` for each BibTeX type.
BIBTEX_VENUE = {
    "article": "journal",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
    "techreport": "institution",
    "phdthesis": "school",
    "book": "series",
    "misc": "howpublished",
}
RIS_TYPES = {
    PublicationType.ARTICLE: "JOUR",
    PublicationType.REPORT: "RPRT",
    PublicationType.THESIS: "THES",
    PublicationType.BOOK: "BOOK",
    PublicationType.CHAPTER: "CHAP",
    PublicationType.COMMUNICATION: "CONF",
    PublicationType.DATASET: "DATA",
}
_LATEX_SPECIAL = re.compile(r"([&%$#_])")


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


def bibtex_key(publication):
    """`family2023firstword`: readable and stable while the record does not change."""
    contributors = publication.cited_contributors
    family = ""
    if contributors:
        first = contributors[0]
        family = _ascii_word(
            first.pseudonym if first.visibility == "pseudonym" else first.family_name
        )
    words = [w for w in (_ascii_word(w) for w in publication.title.split()) if len(w) > 3]
    return f"{family or 'ints'}{publication.year}{words[0] if words else ''}"


def _bib_value(value):
    value = " ".join(str(value).split())
    value = value.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}")
    return _LATEX_SPECIAL.sub(r"\\\1", value)


def bibtex(publication):
    entry_type = BIBTEX_TYPES[publication.publication_type]
    fields = [
        (
            "author",
            " and ".join(_bib_value(c.full_citation_name) for c in publication.cited_contributors),
        ),
        # Double braces keep the title's capitals as written.
        ("title", "{" + _bib_value(publication.title) + "}"),
        (BIBTEX_VENUE[entry_type], _bib_value(publication.venue)),
        ("publisher", _bib_value(publication.publisher)),
        ("year", str(publication.year)),
        ("volume", _bib_value(publication.volume)),
        ("number", _bib_value(publication.issue)),
        ("pages", _bib_value(publication.pages).replace("-", "--")),
        ("doi", publication.doi),
        ("url", publication.open_access_url),
        ("hal_id", publication.hal_id),
        ("keywords", _bib_value(", ".join(publication.keyword_list))),
        (
            "language",
            "french"
            if publication.language == "fr"
            else "english"
            if publication.language == "en"
            else "",
        ),
        ("abstract", _bib_value(publication.abstract)),
    ]
    if entry_type == "phdthesis" and publication.publisher and not publication.venue:
        fields[2] = ("school", _bib_value(publication.publisher))
        fields[3] = ("publisher", "")
    lines = [f"@{entry_type}{{{bibtex_key(publication)},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields if value]
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _ris_text(value):
    return " ".join(str(value).split())


def ris(publication):
    """RIS lines end with CRLF, as reference managers expect."""
    ris_type = RIS_TYPES[publication.publication_type]
    lines = [("TY", ris_type)]
    lines += [("AU", _ris_text(c.full_citation_name)) for c in publication.cited_contributors]
    lines.append(("TI", _ris_text(publication.title)))
    if publication.venue:
        lines.append(("JO" if ris_type == "JOUR" else "T2", _ris_text(publication.venue)))
    lines.append(("PY", str(publication.year)))
    if publication.volume:
        lines.append(("VL", _ris_text(publication.volume)))
    if publication.issue:
        lines.append(("IS", _ris_text(publication.issue)))
    if publication.pages:
        start, _sep, end = publication.pages.partition("-")
        lines.append(("SP", start.strip()))
        if end.strip():
            lines.append(("EP", end.strip()))
    if publication.publisher:
        lines.append(("PB", _ris_text(publication.publisher)))
    if publication.doi:
        lines.append(("DO", publication.doi))
    if publication.open_access_url:
        lines.append(("UR", publication.open_access_url))
    lines += [("KW", _ris_text(word)) for word in publication.keyword_list]
    if publication.abstract:
        lines.append(("AB", _ris_text(publication.abstract)))
    lines.append(("LA", publication.language))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)
