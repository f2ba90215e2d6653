"""The publications list links to its BibTeX and RIS export with the list's filters; each
export holds exactly the list's publications, read by two libraries each (the readers of
tests/formats/test_citation_readers.py)."""

import html
import re

import bibtexparser
import pytest
import rispy
from bibtexparser.model import ParsingFailedBlock
from pybtex import errors as pybtex_errors
from pybtex.database import parse_string as pybtex_parse

from tests.formats.test_citation_readers import zotero_creator
from tests.outputs.conftest import CHILD

pytestmark = pytest.mark.django_db


def export_links(client, url):
    page = client.get(url)
    assert page.status_code == 200
    hrefs = re.findall(
        r'href="(/recherche/publications/export\.(?:bib|ris)[^"]*)"', page.content.decode()
    )
    return [html.unescape(href) for href in hrefs]


def test_publication_list_links_to_its_exports_with_its_filters(client, catalogue):
    links = export_links(client, f"/recherche/publications/?theme={CHILD}&page=1&annee=2024")

    assert links == [
        f"/recherche/publications/export.bib?annee=2024&theme={CHILD}",
        f"/recherche/publications/export.ris?annee=2024&theme={CHILD}",
    ]


def test_unfiltered_list_links_to_the_whole_export(client, catalogue):
    assert export_links(client, "/recherche/publications/") == [
        "/recherche/publications/export.bib",
        "/recherche/publications/export.ris",
    ]


def test_filtered_bibtex_export_reads_in_bibtexparser_and_strict_pybtex(client, catalogue):
    bib_link, _ris = export_links(client, f"/recherche/publications/?theme={CHILD}")
    text = client.get(bib_link).content.decode()

    library = bibtexparser.parse_string(text)
    pybtex_errors.set_strict_mode(True)
    try:
        database = pybtex_parse(text, "bibtex")
    finally:
        pybtex_errors.set_strict_mode(False)

    assert not [b for b in library.blocks if isinstance(b, ParsingFailedBlock)]
    assert [e.fields_dict["title"].value.strip("{}") for e in library.entries] == [
        "Mineurs protégés : une enquête"
    ]
    [entry] = database.entries.values()
    assert [str(person) for person in entry.persons["author"]] == ["Dupont, Marie"]


def test_filtered_ris_export_reads_in_rispy_and_as_zotero_does(client, catalogue):
    _bib, ris_link = export_links(client, f"/recherche/publications/?theme={CHILD}")
    text = client.get(ris_link).content.decode()

    records = rispy.loads(text)

    assert [record["title"] for record in records] == ["Mineurs protégés : une enquête"]
    assert [zotero_creator(name) for name in records[0]["authors"]] == [
        {"lastName": "Dupont", "firstName": "Marie"}
    ]
