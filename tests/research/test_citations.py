import pytest

from research import citations
from research.enums import Visibility
from tests.factories import PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication():
    publication = PublicationFactory(
        title="Le pouvoir d'agir des familles : 50% & plus",
        slug="pouvoir-dagir",
        publication_type="article",
        year=2023,
        venue="Vie sociale",
        volume="41",
        issue="2",
        pages="45-67",
        doi="https://doi.org/10.3917/VSOC.041.0045",
        keywords="pouvoir d'agir; familles",
        abstract="Une recherche participative.",
        authors=[("Élie", "Jean-Marc"), ("Martin", "Anne")],
    )
    publication.contributors.create(
        position=2,
        role="person_supported",
        visibility=Visibility.PSEUDONYM,
        pseudonym="Collectif Ensemble",
    )
    publication.contributors.create(
        position=3, role="practitioner", visibility=Visibility.ANONYMOUS
    )
    return publication


def test_citation_line(publication):
    assert citations.citation_line(publication) == (
        "Élie, J.-M., Martin, A., & Collectif Ensemble (2023). Le pouvoir d'agir des familles : "
        "50% & plus. Vie sociale, 41(2), 45-67. https://doi.org/10.3917/vsoc.041.0045"
    )


def test_bibtex_export_exact_output(client, publication):
    response = client.get("/recherche/publications/pouvoir-dagir/citation.bib")

    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pouvoir-dagir.bib"'
    assert response.content.decode() == (
        "@article{elie2023pouvoir,\n"
        "  author = {Élie, Jean-Marc and Martin, Anne and {Collectif Ensemble}},\n"
        "  author+an = {3=pseudonym,person_supported},\n"
        "  title = {{Le pouvoir d'agir des familles : 50\\% \\& plus}},\n"
        "  journal = {Vie sociale},\n"
        "  year = {2023},\n"
        "  volume = {41},\n"
        "  number = {2},\n"
        "  pages = {45--67},\n"
        "  doi = {10.3917/vsoc.041.0045},\n"
        "  keywords = {pouvoir d'agir, familles},\n"
        "  language = {french},\n"
        "  abstract = {Une recherche participative.}\n"
        "}\n"
    )


def test_ris_export_exact_output(client, publication):
    response = client.get("/recherche/publications/pouvoir-dagir/citation.ris")

    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response.content.decode() == (
        "TY  - JOUR\r\n"
        "AU  - Élie, Jean-Marc\r\n"
        "AU  - Martin, Anne\r\n"
        "AU  - Collectif Ensemble\r\n"
        "TI  - Le pouvoir d'agir des familles : 50% & plus\r\n"
        "JO  - Vie sociale\r\n"
        "PY  - 2023\r\n"
        "VL  - 41\r\n"
        "IS  - 2\r\n"
        "SP  - 45\r\n"
        "EP  - 67\r\n"
        "DO  - 10.3917/vsoc.041.0045\r\n"
        "KW  - pouvoir d'agir\r\n"
        "KW  - familles\r\n"
        "AB  - Une recherche participative.\r\n"
        "LA  - fr\r\n"
        "C7  - rôles : 3=person_supported\r\n"
        "C8  - pseudonymes : 3\r\n"
        "ER  - \r\n"
    )


def test_report_without_authors_cites_title_first():
    publication = PublicationFactory(
        title="Rapport annuel", publication_type="report", year=2021, publisher="INTS"
    )
    assert citations.citation_line(publication) == "Rapport annuel. (2021). INTS."
    assert citations.bibtex(publication).startswith("@techreport{ints2021rapport,\n")


def test_exports_of_unpublished_publications_are_not_found(client):
    publication = PublicationFactory(is_public=False)
    assert client.get(publication.get_absolute_url() + "citation.bib").status_code == 404
