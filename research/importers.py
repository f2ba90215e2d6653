"""BibTeX and RIS readers for the curators' bulk import, on bibtexparser 2 and rispy.

The same libraries write our exports (research/citations.py), with one shared mapping of types,
venues and publishers, so that our own export imports into an empty database as the same
records. Each reader yields `Entry` objects; a malformed entry becomes an Entry with `error` set,
never an exception.
"""

import re
from dataclasses import dataclass, field
from typing import NamedTuple

import bibtexparser
import rispy
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import Entry as BibEntry
from bibtexparser.model import ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from research.citations import (
    BIBTEX_TYPES as EXPORT_BIBTEX_TYPES,
)
from research.citations import (
    DATASET_SUBTYPE,
    HAL_EPRINT_TYPE,
    LICENCE_PREFIX,
    PSEUDONYM_ANNOTATION,
    RIS_MAPPING,
    RIS_PSEUDONYM_PREFIX,
    RIS_ROLES_PREFIX,
    ROLE_ANNOTATIONS,
)
from research.citations import (
    RIS_TYPES as EXPORT_RIS_TYPES,
)
from research.enums import PublicationType
from resources.enums import Licence

MAX_ENTRIES = 2000


class Person(NamedTuple):
    family: str
    given: str = ""
    pseudonym: bool = False
    role: str = "author"


@dataclass
class Entry:
    label: str  # what the report calls this entry: its key or its title
    fields: dict = field(default_factory=dict)
    authors: list = field(default_factory=list)  # [Person]
    publication_type: str = ""
    error: str = ""


# BibTeX ---------------------------------------------------------------------------------------

BIBTEX_TYPES = {
    **{bib_type: pub_type for pub_type, (bib_type, _v, _p) in EXPORT_BIBTEX_TYPES.items()},
    "report": PublicationType.REPORT,
    "misc": PublicationType.REPORT,
    "unpublished": PublicationType.REPORT,
    "mastersthesis": PublicationType.THESIS,
    "thesis": PublicationType.THESIS,
    "proceedings": PublicationType.BOOK,
    "incollection": PublicationType.CHAPTER,
    "conference": PublicationType.COMMUNICATION,
    "data": PublicationType.DATASET,
    # biblatex's @dataset; ours are @misc with `type = {dataset}` (read as this type).
    "dataset": PublicationType.DATASET,
}
VERBATIM_FIELDS = ("doi", "url", "hal_id", "eprint")
VENUE_FIELDS = ("journal", "booktitle", "series", "howpublished")
PUBLISHER_FIELDS = ("publisher", "institution", "school", "organization")
_LATEX = LatexNodes2Text(math_mode="verbatim")
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def latex_to_text(value):
    """LaTeX to plain text: accents, escaped specials and braces; `%` in the data is kept."""
    text = _LATEX.latex_to_text(_UNESCAPED_PERCENT.sub(r"\\%", value))
    return " ".join(text.replace("ˆ", "^").split())


def _split_concatenation(value):
    """`"a" # macro # {b}` as its parts, outside braces and quotes."""
    parts, depth, quoted, current = [], 0, False, ""
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        if char == "#" and depth == 0 and not quoted:
            parts.append(current.strip())
            current = ""
            continue
        current += char
    parts.append(current.strip())
    return parts


def _resolve(raw_field, macros):
    """A field's value with `#` concatenations and @string macros resolved."""
    value = raw_field.value
    if raw_field.enclosing != "no-enclosing" or not isinstance(value, str):
        return str(value)
    pieces = []
    for part in _split_concatenation(value):
        if len(part) >= 2 and part[0] + part[-1] in ('""', "{}"):
            pieces.append(part[1:-1])
        else:
            pieces.append(macros.get(part.lower(), part))
    return "".join(pieces)


def _annotated(value):
    """{position: {annotations}} of a biblatex `+an` field (`2=pseudonym,practitioner; 3=x`)."""
    notes = {}
    for item in value.split(";"):
        position, _sep, note = item.partition("=")
        if position.strip().isdigit():
            notes[int(position.strip())] = {n.strip().strip('"') for n in note.split(",")}
    return notes


def _annotated_role(notes, role):
    """A participatory role annotated on an author (`practitioner`), else the field's role."""
    for annotated in ROLE_ANNOTATIONS:
        if annotated in notes:
            return str(annotated)
    return role


def licence_code(label):
    """A licence's code from its label (« CC BY 4.0 ») or code; "" when unknown."""
    label = label.strip().removeprefix(LICENCE_PREFIX.strip()).strip(" :").lower()
    for value, name in Licence.choices:
        if label in (value, str(name).lower()):
            return value
    return ""


def _split_keywords(raw):
    """Keywords separated by commas or semicolons, outside braces (`a, {b, c}` is two)."""
    words, depth, current = [], 0, ""
    for char in raw:
        depth += (char == "{") - (char == "}")
        if char in ",;" and depth == 0:
            words.append(current)
            current = ""
            continue
        current += char
    words.append(current)
    return [w for w in (latex_to_text(word) for word in words) if w]


def _bib_people(value, *, role, annotations):
    people = []
    names = [n for n in split_multiple_persons_names(value) if n.strip().lower() != "others"]
    for position, name in enumerate(names, start=1):
        name = name.strip()
        notes = annotations.get(position, set())
        pseudonym = PSEUDONYM_ANNOTATION in notes
        person_role = _annotated_role(notes, role)
        whole = name.startswith("{") and name.endswith("}") and _one_group(name)
        if whole or pseudonym:
            # A corporate or pseudonymous author: one name, never split into given/family.
            people.append(Person(latex_to_text(name), "", pseudonym, person_role))
            continue
        parts = parse_single_name_into_parts(name)
        family = " ".join([*parts.von, *parts.last, *(parts.jr and [","] + parts.jr)])
        people.append(
            Person(latex_to_text(family), latex_to_text(" ".join(parts.first)), False, person_role)
        )
    return [person for person in people if person.family]


def _one_group(name):
    depth = 0
    for index, char in enumerate(name):
        depth += char == "{"
        depth -= char == "}"
        if depth == 0 and index < len(name) - 1:
            return False
    return True


def _first(fields, names):
    for name in names:
        if fields.get(name):
            return fields[name]
    return ""


def _bib_entry(block, macros):
    raw = {name.lower(): _resolve(f, macros) for name, f in block.fields_dict.items()}
    # Identifiers and URLs are verbatim in BibTeX (`~` or `%` in a URL are not LaTeX).
    fields = {
        name: value.strip() if name in VERBATIM_FIELDS else latex_to_text(value)
        for name, value in raw.items()
    }
    entry_type = block.entry_type.lower()
    if entry_type == "misc" and fields.get("type", "").lower() == DATASET_SUBTYPE:
        entry_type = "dataset"
    entry = Entry(label=block.key, publication_type=BIBTEX_TYPES.get(entry_type, ""))
    if not entry.publication_type:
        entry.error = f"type @{entry_type} non pris en charge"
        return entry
    role = "author" if raw.get("author") else "editor"
    entry.authors = _bib_people(
        raw.get(role, ""), role=role, annotations=_annotated(raw.get(f"{role}+an", ""))
    )
    _type, venue_field, publisher_field = EXPORT_BIBTEX_TYPES[entry.publication_type]
    hal_eprint = fields.get("eprinttype", "").lower() == HAL_EPRINT_TYPE
    addendum = fields.get("addendum", "")
    entry.fields = {
        "title": fields.get("title", ""),
        "year": fields.get("year", "") or fields.get("date", "")[:4],
        "venue": _first(fields, (venue_field, *VENUE_FIELDS)),
        # An article's publisher is in `note` (biber's @article has no publisher).
        "publisher": _first(fields, (*PUBLISHER_FIELDS, publisher_field)),
        "volume": fields.get("volume", ""),
        "issue": fields.get("number", ""),
        "pages": fields.get("pages", "").replace("–", "-").replace("--", "-"),
        "doi": fields.get("doi", ""),
        "hal_id": fields.get("eprint", "") if hal_eprint else fields.get("hal_id", ""),
        "abstract": fields.get("abstract", ""),
        "keywords": "; ".join(_split_keywords(raw.get("keywords", ""))),
        "open_access_url": fields.get("url", ""),
        "language": fields.get("language", ""),
        "licence": licence_code(addendum) if addendum.startswith(LICENCE_PREFIX.strip()) else "",
    }
    return entry


def _bib_entries(text):
    library = bibtexparser.parse_string(text)
    macros = {month: month for month in _MONTHS}
    macros.update({s.key.lower(): str(s.value) for s in library.strings})
    for block in library.blocks:
        if isinstance(block, BibEntry):
            yield _bib_entry(block, macros)
        elif isinstance(block, ParsingFailedBlock):
            match = _KEY.match(block.raw or "")
            label = match.group(1) if match else (block.raw or "?")[:40].strip()
            yield Entry(label=label, error="syntaxe BibTeX invalide (entrée mal fermée)")


def read_bibtex(text):
    return list(_limit(_bib_entries(text.replace("\x00", ""))))


# RIS ------------------------------------------------------------------------------------------

RIS_TYPES = {
    **{ris_type: pub_type for pub_type, (ris_type, _venue) in EXPORT_RIS_TYPES.items()},
    "JFULL": PublicationType.ARTICLE,
    "MGZN": PublicationType.ARTICLE,
    "EJOUR": PublicationType.ARTICLE,
    "GOVDOC": PublicationType.REPORT,
    "GEN": PublicationType.REPORT,
    "EBOOK": PublicationType.BOOK,
    "EDBOOK": PublicationType.BOOK,
    "ECHAP": PublicationType.CHAPTER,
    "CPAPER": PublicationType.COMMUNICATION,
    "DBASE": PublicationType.DATASET,
}
RIS_VENUE_TAGS = ("JO", "JF", "T2", "JA", "J2", "T3", "M3")
_HAL_ID = re.compile(r"^[a-z]+-\d+(v\d+)?$")
_RECORD_START = re.compile(r"^\ufeff?TY  -", re.M)
_RECORD_END = re.compile(r"^ER  -", re.M)


def _tag(record, *tags):
    for tag in tags:
        value = record.get(RIS_MAPPING[tag])
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return str(value)
    return ""


def _ris_entry(record, *, error=""):
    ris_type = str(record.get("type_of_reference", "")).upper()
    title = _tag(record, "TI", "T1")
    entry = Entry(label=title[:80] or "?", publication_type=RIS_TYPES.get(ris_type, ""))
    entry.error = error or ("" if entry.publication_type else f"type {ris_type} non pris en charge")
    if entry.error:
        return entry
    custom = _tag(record, "C8")
    pseudonyms = set()
    if custom.startswith(RIS_PSEUDONYM_PREFIX):
        pseudonyms = {int(n) for n in re.findall(r"\d+", custom)}
    roles = {}
    if _tag(record, "C7").startswith(RIS_ROLES_PREFIX):
        for position, value in re.findall(r"(\d+)=(\w+)", _tag(record, "C7")):
            if value in ROLE_ANNOTATIONS:
                roles[int(position)] = value
    role, names = "author", record.get("authors", []) + record.get("first_authors", [])
    if not names:
        role, names = "editor", record.get("secondary_authors", [])
    for position, name in enumerate(names, start=1):
        name = name.strip()
        person_role = roles.get(position, role)
        family, _sep, given = name.partition(",")
        if position in pseudonyms or not given.strip():
            # One name: a pseudonym, or a corporate author as Zotero reads it (no comma, or
            # nothing after the first one: « Conseil départemental du Nord, »).
            whole = name if position in pseudonyms else name.rstrip(",").strip()
            entry.authors.append(Person(whole, "", position in pseudonyms, person_role))
        else:
            entry.authors.append(Person(family.strip(), given.strip(), False, person_role))
    _ris_type, venue_tag = EXPORT_RIS_TYPES[entry.publication_type]
    year = re.match(r"\d{4}", _tag(record, "PY", "Y1", "DA"))
    start, end = _tag(record, "SP"), _tag(record, "EP")
    accession = _tag(record, "AN")
    entry.fields = {
        "title": title,
        "year": year.group(0) if year else "",
        "venue": _tag(record, venue_tag, *RIS_VENUE_TAGS),
        "publisher": _tag(record, "PB"),
        "volume": _tag(record, "VL"),
        "issue": _tag(record, "IS"),
        "pages": f"{start}-{end}" if start and end else start,
        "doi": _tag(record, "DO"),
        "hal_id": accession if _HAL_ID.match(accession) else "",
        "abstract": _tag(record, "AB", "N2"),
        "keywords": "; ".join(record.get("keywords", [])),
        "open_access_url": _tag(record, "UR", "L1"),
        "language": _tag(record, "LA"),
        "licence": licence_code(_tag(record, "CR")),
    }
    return entry


def _ris_entries(text):
    text = text.replace("\x00", "")
    starts = [m.start() for m in _RECORD_START.finditer(text)]
    ends = [m.start() for m in _RECORD_END.finditer(text)]
    unterminated = ""
    if starts and (not ends or starts[-1] > ends[-1]):
        # rispy drops a last record without ER: report it rather than lose it silently.
        text, unterminated = text[: starts[-1]], text[starts[-1] :]
    for record in rispy.loads(text, mapping=RIS_MAPPING):
        yield _ris_entry(record)
    if unterminated:
        records = rispy.loads(unterminated + "\nER  - \n", mapping=RIS_MAPPING)
        if records:
            yield _ris_entry(records[0], error="enregistrement sans « ER » final")


def read_ris(text):
    try:
        return list(_limit(_ris_entries(text)))
    except (ValueError, KeyError, IndexError) as exc:
        return [Entry(label="?", error=f"syntaxe RIS invalide ({exc})")]


def _limit(entries):
    for count, entry in enumerate(entries):
        if count >= MAX_ENTRIES:
            yield Entry(label="…", error=f"fichier tronqué après {MAX_ENTRIES} entrées")
            return
        yield entry
