import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from research import importers, services
from research.importers import Person
from research.models import Publication
from tests.factories import PublicationFactory, UserFactory
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db

BIBTEX = r"""
% Exported from Zotero
@string{rfss = "Revue fran{\c c}aise de service social"}

@article{dupont2021,
  author = {Dupont, Marie and Fran{\c{c}}ois L\'eger and others},
  title = {{L'accompagnement} des familles},
  journal = rfss,
  year = 2021,
  volume = {12}, number = "3", pages = {10--25},
  doi = {https://doi.org/10.1234/ABC.1},
  keywords = {familles, accompagnement},
}

@techreport{rapport,
  title = "Rapport d'{\'e}valuation" # " du dispositif",
  institution = {INTS},
  year = {2022}
}

@article{doublon-doi, title = {Autre titre}, year = {2020}, doi = {10.1234/abc.1}}
@article{doublon-titre, title = {L’accompagnement des FAMILLES!}, year = {2019}}
@article{sans-titre, year = {2020}}
@article{sans-annee, title = {Sans année}}
@patent{brevet, title = {Un brevet}, year = {2020}}
@article{cassee, title = {Accolade {non fermée, year = {2020}
@book{apres, title = {Un ouvrage après l'erreur}, year = {2018}, publisher = {Érès}}
"""

RIS = (
    "TY  - JOUR\r\nAU  - Martin, Anne\r\nAU  - Bernard, Luc\r\nTI  - Pair-aidance et "
    "protection\r\n  de l'enfance\r\nJO  - Vie sociale\r\nPY  - 2023///\r\nSP  - 5\r\nEP  - 9\r\n"
    "DO  - 10.5555/VS.2023\r\nKW  - pair-aidance\r\nKW  - enfance\r\nER  - \r\n"
    "TY  - RPRT\r\nTI  - Existe déjà\r\nPY  - 2020\r\nER  - \r\n"
    "TY  - ICOMM\r\nTI  - Un courriel\r\nPY  - 2020\r\nER  - \r\n"
    "TY  - BOOK\r\nTI  - Sans fin\r\nPY  - 2020\r\n"
)


def test_bibtex_reader_handles_macros_accents_and_concatenation():
    entries = importers.read_bibtex(BIBTEX)
    first = entries[0]
    assert first.label == "dupont2021"
    assert first.fields["venue"] == "Revue française de service social"
    assert first.authors == [Person("Dupont", "Marie"), Person("Léger", "François")]
    assert first.fields["title"] == "L'accompagnement des familles"
    assert first.fields["pages"] == "10-25"
    assert entries[1].fields["title"] == "Rapport d'évaluation du dispositif"


def test_bibtex_import_reports_duplicates_and_bad_entries():
    PublicationFactory(title="Ancienne", doi="10.9999/old")

    report = services.import_publications(text=BIBTEX, file_format="bibtex")

    assert [p.title for p in report.created] == [
        "L'accompagnement des familles",
        "Rapport d'évaluation du dispositif",
        "Un ouvrage après l'erreur",
    ]
    assert report.skipped == [
        ("doublon-doi", "doublon : le DOI 10.1234/abc.1 existe déjà"),
        ("doublon-titre", "doublon : une publication porte déjà ce titre"),
        ("sans-titre", "titre manquant"),
        ("sans-annee", "année manquante ou invalide"),
        ("brevet", "type @patent non pris en charge"),
        ("cassee", "syntaxe BibTeX invalide (entrée mal fermée)"),
    ]
    article = Publication.objects.get(doi="10.1234/abc.1")
    assert article.publication_type == "article"
    assert (article.volume, article.issue, article.pages) == ("12", "3", "10-25")
    assert [c.display_name for c in article.contributors.all()] == [
        "Marie Dupont",
        "François Léger",
    ]
    assert article.keyword_list == ["familles", "accompagnement"]
    assert not article.is_public
    assert Publication.objects.get(title__startswith="Rapport").publisher == "INTS"


def test_ris_import():
    PublicationFactory(title="Existe déjà")

    report = services.import_publications(text=RIS, file_format="ris", make_public=True)

    assert [p.title for p in report.created] == ["Pair-aidance et protection de l'enfance"]
    assert report.skipped == [
        ("Existe déjà", "doublon : une publication porte déjà ce titre"),
        ("Un courriel", "type ICOMM non pris en charge"),
        ("Sans fin", "enregistrement sans « ER » final"),
    ]
    publication = report.created[0]
    assert (publication.year, publication.pages, publication.doi) == (
        2023,
        "5-9",
        "10.5555/vs.2023",
    )
    assert publication.is_public


def test_import_twice_creates_nothing_the_second_time():
    services.import_publications(text=RIS, file_format="ris")
    report = services.import_publications(text=RIS, file_format="ris")
    assert report.created == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "@",
        "@article{",
        "@article{x,",
        "{}}}",
        "@@@@",
        "TY  - \r\n",
        "TY  - JOUR\nER  -",
        "\x00\x01",
        "@article(x, title=(a), year=2020)",
    ],
)
def test_readers_never_raise(text):
    importers.read_bibtex(text)
    importers.read_ris(text)


def test_admin_import_view_shows_the_report(client):
    verified_login(client, UserFactory(superuser=True))
    upload = SimpleUploadedFile("refs.bib", BIBTEX.encode(), content_type="text/plain")

    response = client.post("/admin/research/publication/importer/", {"file": upload})

    html = response.content.decode()
    assert response.status_code == 200
    assert "3 publications créées." in html
    assert "type @patent non pris en charge" in html


def test_admin_import_rejects_non_bibliographic_files(client):
    verified_login(client, UserFactory(superuser=True))
    upload = SimpleUploadedFile("image.png", b"\x89PNG\r\n\x1a\n\xff\xfe", content_type="image/png")

    response = client.post("/admin/research/publication/importer/", {"file": upload})

    assert "ni du BibTeX ni du RIS" in response.content.decode()
    assert Publication.objects.count() == 0


def test_admin_import_needs_the_add_permission(client):
    verified_login(client, UserFactory(staff=True))
    assert client.get("/admin/research/publication/importer/").status_code == 403
