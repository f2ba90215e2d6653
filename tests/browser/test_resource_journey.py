"""A visitor's journey through the resource centre, in a real Chromium, plus axe-core on every
public page. Pages are loaded twice: once with our CSP enforced (no violation, no console error,
no failed request allowed) and once with CSP bypassed so that axe-core can be injected."""

import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from resources.models import Audience, ResourceType, Territory, Theme
from tests.browser.support import assert_clean, assert_clean_load, axe_report, body_font_family
from tests.factories import OrganisationFactory, ResourceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("reference_data"),
]

THEME = "protection-de-lenfance"
TITLE = "Le métier des éducateurs spécialisés"
STATIC_PAGES = [
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/plan-du-site/",
    "/rechercher/",
    "/recherche/",
    "/hautes-etudes/",
    "/agenda/",
    "/observatoire/",
    "/se-former/",
]


def days_ago(days):
    return timezone.now() - timezone.timedelta(days=days)


@pytest.fixture
def catalogue():
    """A small catalogue: one rich resource with a PDF, others on other themes and types."""
    child_protection = Theme.objects.get(slug=THEME)
    disability = Theme.objects.get(slug="handicap")
    professionals = Audience.objects.get(slug="professionnels")
    students = Audience.objects.get(slug="etudiants")
    region = Territory.objects.get(slug="ile-de-france")
    organisation = OrganisationFactory(name="Observatoire national de la protection de l'enfance")

    rich = ResourceFactory(
        title=TITLE,
        slug="metier-educateurs-specialises",
        summary="Un guide pour comprendre le métier, la formation et les lieux d'exercice.",
        body="<h2>Le métier</h2><p>L'éducateur accompagne des enfants et des adultes.</p>"
        "<ul><li>Formation en trois ans</li><li>Diplôme d'État</li></ul>",
        authors="Camille Martin; Samir Haddad",
        source_organisation=organisation,
        external_url="https://www.service-public.fr/",
        publication_date=days_ago(2),
        themes=[child_protection],
        audiences=[professionals, students],
        territories=[region],
    )
    rich.tags.add("éducation spécialisée", "métiers")
    rich.file.save("guide.pdf", ContentFile(b"%PDF-1.4 guide"), save=False)
    rich.file_mime = "application/pdf"
    rich.file_size = 14
    rich.save()

    other = ResourceFactory(
        title="Assistante sociale en CCAS",
        summary="Les missions d'une assistante sociale en centre communal d'action sociale.",
        publication_date=days_ago(3),
        themes=[disability],
        audiences=[professionals],
    )
    rich.related.add(other)
    for index, slug in enumerate(["rapport", "etude", "actes-de-colloque", "module-de-formation"]):
        ResourceFactory(
            title=f"Publication {slug} numéro {index}",
            resource_type=ResourceType.objects.get(slug=slug),
            publication_date=days_ago(10 + index),
            themes=[disability],
        )
    # Enough resources for the list to paginate (20 a page).
    for index in range(16):
        ResourceFactory(title=f"Fiche de la série {index}", publication_date=days_ago(30 + index))
    return rich


def result_count(page):
    text = page.locator("#resultats").inner_text()
    match = re.match(r"(\d+) ressources?", text.strip())
    assert match, text
    return int(match.group(1))


def test_visitor_searches_filters_and_downloads(live_server, catalogue, strict_page, axe_page):
    page = strict_page
    visited = []

    # Home page, with the DSFR's CSS really applied.
    assert_clean_load(page, live_server.url + "/")
    assert "Marianne" in body_font_family(page)
    visited.append(page.url)

    # The search bar of the home page, without the accent nor the plural.
    search_box = page.locator("main").get_by_role("searchbox", name="Rechercher sur le portail")
    search_box.fill("educatrice")
    search_box.press("Enter")
    page.wait_for_url(re.compile(r"/rechercher/\?q=educatrice$"))
    result = page.locator(".ints-result h3 a", has_text="éducateurs spécialisés")
    assert result.count() == 1
    assert result.inner_text() == TITLE
    visited.append(page.url)

    # The resource list, filtered by a theme.
    assert_clean_load(page, live_server.url + "/ressources/")
    total = result_count(page)
    assert total == 22
    checkbox = page.locator(f"#f-theme-{THEME}")
    page.locator(f"label[for='f-theme-{THEME}']").click()
    assert checkbox.is_checked()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url(re.compile(rf"[?&]theme={THEME}(&|#|$)"))
    assert page.locator(f"#f-theme-{THEME}").is_checked()
    assert result_count(page) == 1
    assert page.get_by_role("link", name=re.compile("Retirer le filtre Protection")).count() == 1
    visited.append(page.url)

    # The resource's page, and its document.
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**{catalogue.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    download = page.locator("a.fr-download__link")
    assert download.count() == 1
    href = download.get_attribute("href")
    assert href == f"/ressources/{catalogue.slug}/telecharger/"
    pdf = page.request.get(live_server.url + href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body() == b"%PDF-1.4 guide"
    visited.append(page.url)
    assert_clean(page)

    reports = [axe_report(axe_page, url) for url in visited]
    reports = [report for report in reports if report]
    assert not reports, "axe-core violations:\n" + "\n".join(reports)


def test_public_pages_have_no_csp_or_accessibility_problem(
    live_server, catalogue, strict_page, axe_page
):
    urls = [live_server.url + path for path in STATIC_PAGES]
    urls += [
        live_server.url + "/ressources/?page=2",
        live_server.url + "/rechercher/?q=publication&theme=handicap",
        live_server.url + "/rechercher/?q=acompagnement",  # no result, a suggestion
    ]
    for url in urls:
        assert_clean_load(strict_page, url)
        assert "Marianne" in body_font_family(strict_page), url

    reports = [axe_report(axe_page, url) for url in urls]
    reports = [report for report in reports if report]
    assert not reports, "axe-core violations:\n" + "\n".join(reports)
