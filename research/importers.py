"""Small BibTeX and RIS readers for the curators' bulk import.

Why our own: no BibTeX/RIS library is among the project's dependencies, the well-known
bibtexparser is between a frozen 1.x and a 2.x still in beta, and we need only the common subset
that reference managers (Zotero, HAL, EndNote) export: entries, braces or quotes, `#`
concatenation, @string macros, a few LaTeX accents; RIS tags and TY…ER records. Each reader
yields `Entry` objects; a malformed entry becomes an Entry with `error` set, never an exception.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from research.enums import PublicationType

MAX_ENTRIES = 2000


@dataclass
class Entry:
    label: str  # what the report calls this entry: its key or its title
    fields: dict = field(default_factory=dict)
    authors: list = field(default_factory=list)  # [(family, given)]
    publication_type: str = ""
    error: str = ""


# BibTeX ---------------------------------------------------------------------------------------

BIBTEX_TYPES = {
    "article": PublicationType.ARTICLE,
    "techreport": PublicationType.REPORT,
    "report": PublicationType.REPORT,
    "misc": PublicationType.REPORT,
    "unpublished": PublicationType.REPORT,
    "phdthesis": PublicationType.THESIS,
    "mastersthesis": PublicationType.THESIS,
    "thesis": PublicationType.THESIS,
    "book": PublicationType.BOOK,
    "proceedings": PublicationType.BOOK,
    "inbook": PublicationType.CHAPTER,
    "incollection": PublicationType.CHAPTER,
    "inproceedings": PublicationType.COMMUNICATION,
    "conference": PublicationType.COMMUNICATION,
    "dataset": PublicationType.DATASET,
    "data": PublicationType.DATASET,
}
_MONTHS = {
    m: m
    for m in ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
}
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "c": "\u0327",
    "=": "\u0304",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
}
_ACCENT = re.compile(r"\\([`'^\"~=]|[cuvH](?=[\s{]))\s*(?:\{\\?([A-Za-z])\}|\\?([A-Za-z]))")
_SYMBOLS = {
    r"\oe": "œ",
    r"\OE": "Œ",
    r"\ae": "æ",
    r"\AE": "Æ",
    r"\ss": "ß",
    r"\o": "ø",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
    "--": "–",
    "~": "\u00a0",
}


def latex_to_text(value):
    value = _ACCENT.sub(
        lambda m: unicodedata.normalize("NFC", (m.group(2) or m.group(3)) + _ACCENTS[m.group(1)]),
        value,
    )
    for latex, text in _SYMBOLS.items():
        value = value.replace(latex, text)
    value = re.sub(r"\\[a-zA-Z]+\s*", "", value)  # other commands: keep their argument only
    return " ".join(value.replace("{", "").replace("}", "").split())


class _BibReader:
    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.macros = dict(_MONTHS)

    def error(self, message):
        raise ValueError(message)

    def skip_space(self):
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def read_braced(self):
        depth, start = 0, self.pos
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    return self.text[start + 1 : self.pos - 1]
            self.pos += 1
        self.error("accolade non fermée")

    def read_quoted(self):
        depth, start = 0, self.pos
        self.pos += 1
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif char == '"' and depth == 0:
                self.pos += 1
                return self.text[start + 1 : self.pos - 1]
            self.pos += 1
        self.error("guillemet non fermé")

    def read_name(self):
        match = re.compile(r"[^\s,={}()\"#]+").match(self.text, self.pos)
        if not match:
            self.error(f"nom attendu à la position {self.pos}")
        self.pos = match.end()
        return match.group(0)

    def read_value(self):
        parts = []
        while True:
            self.skip_space()
            char = self.text[self.pos : self.pos + 1]
            if char == "{":
                parts.append(self.read_braced())
            elif char == '"':
                parts.append(self.read_quoted())
            elif char:
                name = self.read_name()
                parts.append(name if name.isdigit() else self.macros.get(name.lower(), name))
            else:
                self.error("valeur attendue")
            self.skip_space()
            if self.text[self.pos : self.pos + 1] == "#":
                self.pos += 1
                continue
            return "".join(parts)

    def read_entry_body(self, close):
        """Fields of one entry after its key, up to the closing brace or parenthesis."""
        fields = {}
        while True:
            self.skip_space()
            if self.text[self.pos : self.pos + 1] == close:
                self.pos += 1
                return fields
            if self.text[self.pos : self.pos + 1] == ",":
                self.pos += 1
                continue
            if self.pos >= len(self.text):
                self.error("entrée non terminée")
            name = self.read_name().lower()
            self.skip_space()
            if self.text[self.pos : self.pos + 1] != "=":
                self.error(f"« = » attendu après {name}")
            self.pos += 1
            fields[name] = self.read_value()

    def entries(self):
        while True:
            at = self.text.find("@", self.pos)
            if at < 0:
                return
            self.pos = at + 1
            match = re.compile(r"[A-Za-z]+").match(self.text, self.pos)
            if not match:
                continue
            self.pos = match.end()
            entry_type = match.group(0).lower()
            self.skip_space()
            opener = self.text[self.pos : self.pos + 1]
            if opener not in "{(" or not opener:
                continue
            close = "}" if opener == "{" else ")"
            if entry_type in ("comment", "preamble"):
                self.read_braced() if opener == "{" else None
                continue
            self.pos += 1
            start = self.pos
            try:
                if entry_type == "string":
                    fields = self.read_entry_body(close)
                    self.macros.update(fields)
                    continue
                self.skip_space()
                key = self.read_name()
                fields = self.read_entry_body(close)
            except (ValueError, IndexError) as exc:
                # Resynchronise on the next entry that starts a line.
                label = self.text[start : start + 40].split(",")[0].strip() or "?"
                yield Entry(label=label, error=f"syntaxe BibTeX invalide ({exc})")
                next_entry = re.compile(r"^\s*@", re.M).search(self.text, start)
                self.pos = next_entry.start() if next_entry else len(self.text)
                continue
            yield _bib_entry(entry_type, key, fields)


def _split_bib_authors(value):
    people = []
    for name in re.split(r"\s+and\s+", value.strip()):
        name = latex_to_text(name)
        if not name or name.lower() == "others":
            continue
        if "," in name:
            family, _sep, given = name.partition(",")
        else:
            words = name.split()
            family, given = words[-1], " ".join(words[:-1])
        people.append((family.strip(), given.strip()))
    return people


def _bib_entry(entry_type, key, raw):
    fields = {name: latex_to_text(value) for name, value in raw.items()}
    entry = Entry(label=key, publication_type=BIBTEX_TYPES.get(entry_type, ""))
    if not entry.publication_type:
        entry.error = f"type @{entry_type} non pris en charge"
    entry.authors = _split_bib_authors(raw.get("author", "") or raw.get("editor", ""))
    pages = fields.get("pages", "").replace("–", "-")
    entry.fields = {
        "title": fields.get("title", ""),
        "year": fields.get("year", "") or fields.get("date", "")[:4],
        "venue": fields.get("journal") or fields.get("booktitle") or fields.get("series", ""),
        "publisher": fields.get("publisher")
        or fields.get("institution")
        or fields.get("school", ""),
        "volume": fields.get("volume", ""),
        "issue": fields.get("number", ""),
        "pages": pages,
        "doi": fields.get("doi", ""),
        "hal_id": fields.get("hal_id", ""),
        "abstract": fields.get("abstract", ""),
        "keywords": "; ".join(
            w.strip() for w in re.split(r"[;,]", fields.get("keywords", "")) if w.strip()
        ),
        "open_access_url": fields.get("url", ""),
        "language": fields.get("language", ""),
    }
    return entry


def read_bibtex(text):
    return list(_limit(_BibReader(text).entries()))


# RIS ------------------------------------------------------------------------------------------

RIS_TYPES = {
    "JOUR": PublicationType.ARTICLE,
    "JFULL": PublicationType.ARTICLE,
    "MGZN": PublicationType.ARTICLE,
    "EJOUR": PublicationType.ARTICLE,
    "RPRT": PublicationType.REPORT,
    "GOVDOC": PublicationType.REPORT,
    "GEN": PublicationType.REPORT,
    "THES": PublicationType.THESIS,
    "BOOK": PublicationType.BOOK,
    "EBOOK": PublicationType.BOOK,
    "EDBOOK": PublicationType.BOOK,
    "CHAP": PublicationType.CHAPTER,
    "ECHAP": PublicationType.CHAPTER,
    "CONF": PublicationType.COMMUNICATION,
    "CPAPER": PublicationType.COMMUNICATION,
    "DATA": PublicationType.DATASET,
    "DBASE": PublicationType.DATASET,
}
_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def read_ris(text):
    return list(_limit(_ris_entries(text)))


def _ris_entries(text):
    record = None
    for line in text.splitlines():
        line = line.rstrip()
        match = _RIS_LINE.match(line.lstrip("\ufeff"))
        if not match:
            if record is not None and line and record["_last"]:
                # Continuation line of the previous tag.
                tag = record["_last"]
                record[tag][-1] += " " + line.strip()
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if record is not None:
                yield _ris_entry(record, error="enregistrement sans « ER » final")
            record = {"TY": [value], "_last": None}
        elif record is None:
            continue
        elif tag == "ER":
            yield _ris_entry(record)
            record = None
        else:
            record.setdefault(tag, []).append(value)
            record["_last"] = tag
    if record is not None:
        yield _ris_entry(record, error="enregistrement sans « ER » final")


def _first(record, *tags):
    for tag in tags:
        for value in record.get(tag, []):
            if value:
                return value
    return ""


def _ris_entry(record, *, error=""):
    ris_type = record["TY"][0].upper()
    title = _first(record, "TI", "T1", "CT")
    entry = Entry(
        label=title[:80] or "?", publication_type=RIS_TYPES.get(ris_type, ""), error=error
    )
    if not entry.error and not entry.publication_type:
        entry.error = f"type {ris_type} non pris en charge"
    people = record.get("AU", []) + record.get("A1", []) or record.get("A2", [])
    for name in people:
        family, _sep, given = name.partition(",")
        entry.authors.append((family.strip(), given.strip()))
    year = re.match(r"\d{4}", _first(record, "PY", "Y1", "DA")) if record else None
    start, end = _first(record, "SP"), _first(record, "EP")
    entry.fields = {
        "title": title,
        "year": year.group(0) if year else "",
        "venue": _first(record, "JO", "JF", "T2", "BT", "JA", "J2"),
        "publisher": _first(record, "PB"),
        "volume": _first(record, "VL"),
        "issue": _first(record, "IS"),
        "pages": f"{start}-{end}" if start and end else start,
        "doi": _first(record, "DO"),
        "hal_id": "",
        "abstract": _first(record, "AB", "N2"),
        "keywords": "; ".join(record.get("KW", [])),
        "open_access_url": _first(record, "UR", "L1"),
        "language": _first(record, "LA"),
    }
    return entry


def _limit(entries):
    for count, entry in enumerate(entries):
        if count >= MAX_ENTRIES:
            yield Entry(label="…", error=f"fichier tronqué après {MAX_ENTRIES} entrées")
            return
        yield entry
