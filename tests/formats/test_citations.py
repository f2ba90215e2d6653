"""The export of every publication, read by bibtexparser 2, pybtex (strict) and rispy, and
imported back into an empty database as the same records."""

import bibtexparser
import pytest
import rispy
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pybtex import errors as pybtex_errors
from pybtex.database import parse_string as pybtex_parse

from research import services
from research.demo import load_research_demo
from research.enums import Visibility
from research.models import Publication, single_field_name
from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db


def add_hard_cases():
    """What broke real clients: a shared key, a collective, a pseudonym, LaTeX specials."""
    for title in ("Comprendre les jeunes majeurs", "Comprendre le non-recours"):
        PublicationFactory(title=title, year=2023, authors=[("Nguyen", "Linh")], is_public=True)
    collective = PublicationFactory(
        title="Paroles de {jeunes} : 50% & $ # _ ~ ^ \\ au quotidien",
        publication_type="book",
        venue="Collection « Essais »",
        publisher="Érès",
        year=2022,
        open_access_url="https://example.org/~ints/rapport%202022_v2.pdf",
        authors=[("Collectif Paroles & Co", "")],
    )
    collective.contributors.create(
        position=1, visibility=Visibility.PSEUDONYM, pseudonym="Camille R.", role="practitioner"
    )
    edited = PublicationFactory(
        title="Le travail social en débats", publication_type="book", year=2021, publisher="Érès"
    )
    edited.contributors.create(position=0, family_name="Durand", given_names="Léa", role="editor")
    # What strict readers caught (issue 25): a corporate author with a comma (braced in BibTeX,
    # one field in RIS), a pseudonymous person, a participatory role, a licence, a keyword with
    # a comma, a dataset with a HAL id, an article with a publisher.
    PublicationFactory(
        title="Protéger l'enfance dans le Nord",
        publication_type="dataset",
        year=2024,
        venue="data.gouv.fr",
        publisher="INTS",
        hal_id="hal-04000001",
        licence="etalab-2.0",
        keywords="protection de l'enfance; placements, familles d'accueil",
        authors=[("Conseil départemental du Nord, direction de l'enfance", "")],
    )
    participatory = PublicationFactory(
        title="Ce que disent les familles",
        publication_type="article",
        venue="Vie sociale",
        publisher="Érès",
        licence="cc-by-4.0",
        year=2024,
        authors=[("Martin", "Anne")],
    )
    participatory.contributors.create(
        position=1, visibility=Visibility.PSEUDONYM, pseudonym="Kenza B.", role="person_supported"
    )


def snapshot(*, single_field=False):
    """What a reference manager keeps of each publication, in a comparable form.

    `single_field`: corporate names as RIS writes them (commas turned into « – », since
    Zotero splits a name at its first comma)."""
    rows = []
    for publication in Publication.objects.prefetch_related("contributors").order_by("title"):
        people = [
            (
                single_field_name(c.family_name)
                if single_field and c.is_organisation
                else c.family_name,
                c.given_names,
                c.visibility,
                c.pseudonym,
                c.role,
            )
            for c in publication.cited_contributors
        ]
        fields = [
            "title",
            "publication_type",
            "year",
            "venue",
            "publisher",
            "volume",
            "issue",
            "pages",
            "doi",
            "hal_id",
            "abstract",
            "keywords",
            "open_access_url",
            "language",
            "licence",
        ]
        rows.append({**{name: getattr(publication, name) for name in fields}, "people": people})
    return rows


@pytest.fixture
def catalogue():
    load_research_demo()
    add_hard_cases()
    Publication.objects.update(is_public=True)
    return Publication.objects.count()


def test_bibtex_export_of_all_publications_reads_in_bibtexparser_and_strict_pybtex(
    client, catalogue
):
    response = client.get("/recherche/publications/export.bib")

    assert response.status_code == 200
    text = response.content.decode()
    library = bibtexparser.parse_string(text)
    assert not [b for b in library.blocks if isinstance(b, ParsingFailedBlock)]
    assert not [b for b in library.blocks if isinstance(b, DuplicateBlockKeyBlock)]
    assert len(library.entries) == catalogue
    keys = [entry.key for entry in library.entries]
    assert {"nguyen2023comprendre", "nguyen2023comprendreb"} <= set(keys)
    pybtex_errors.set_strict_mode(True)
    try:
        database = pybtex_parse(text, "bibtex")
    finally:
        pybtex_errors.set_strict_mode(False)
    assert len(database.entries) == catalogue
    [collective] = [e for e in database.entries.values() if "quotidien" in e.fields["title"]]
    assert [str(p) for p in collective.persons["author"]] == [
        "{Collectif Paroles \\& Co}",
        "{Camille R.}",
    ]


def test_bibtex_round_trip_into_an_empty_database_keeps_every_record(client, catalogue):
    before = snapshot()
    text = client.get("/recherche/publications/export.bib").content.decode()
    Publication.objects.all().delete()

    report = services.import_publications(text=text, file_format="bibtex", make_public=True)

    assert report.skipped == []
    assert len(report.created) == catalogue
    assert snapshot() == before


def test_ris_export_reads_in_rispy_and_round_trips(client, catalogue):
    before = snapshot(single_field=True)
    text = client.get("/recherche/publications/export.ris").content.decode()
    records = rispy.loads(text)
    Publication.objects.all().delete()

    report = services.import_publications(text=text, file_format="ris", make_public=True)

    assert len(records) == catalogue
    assert {r["type_of_reference"] for r in records} == {
        "JOUR",
        "RPRT",
        "THES",
        "BOOK",
        "CHAP",
        "CONF",
        "DATA",
    }
    assert report.skipped == []
    assert snapshot() == before


def test_single_export_uses_the_same_unique_key_as_the_list(client):
    first = PublicationFactory(title="Comprendre A", year=2023, authors=[("Nguyen", "Linh")])
    second = PublicationFactory(title="Comprendre B", year=2023, authors=[("Nguyen", "An")])

    whole = client.get("/recherche/publications/export.bib").content.decode()
    single = client.get(second.get_absolute_url() + "citation.bib").content.decode()

    assert single.startswith("@article{nguyen2023comprendreb,\n")
    assert "@article{nguyen2023comprendre,\n" in whole
    assert "@article{nguyen2023comprendreb,\n" in whole
    assert first.pk < second.pk


def test_list_export_follows_the_filters_with_constant_queries(client):
    PublicationFactory(publication_type="report", authors=[("Martin", "Anne")])
    PublicationFactory(publication_type="article", authors=[("Martin", "Paul")])

    with CaptureQueriesContext(connection) as one:
        response = client.get("/recherche/publications/export.bib?type=article")
    assert response.status_code == 200
    assert response.content.decode().count("@article{") == 1
    for n in range(6):
        PublicationFactory(publication_type="article", authors=[("Martin", f"A{n}")])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/recherche/publications/export.bib?type=article")

    assert response.status_code == 200
    assert response.content.decode().count("@article{") == 7
    assert "@techreport" not in response.content.decode()
    assert len(many) == len(one)
    assert client.get("/recherche/publications/export.xml").status_code == 404
