import datetime
from html import unescape

import pytest
from django.core.files.base import ContentFile

from resources.models import ResourceType, SearchEntry, Territory
from resources.training.demo import load_training_demo
from resources.training.models import (
    Diploma,
    ModuleChapter,
    Practice,
    RncpCode,
    TrainingModule,
    TrainingSchool,
)
from tests.factories import OrganisationFactory, ResourceFactory
from tests.helpers import sitemap_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    OrganisationFactory.create_batch(3)
    module_type = ResourceType.objects.get(slug="module-de-formation")
    ResourceFactory.create_batch(2, resource_type=module_type)
    load_training_demo()


def make_school(name, code, *abbreviations):
    school = TrainingSchool.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        city="Ville",
        departement=Territory.objects.get(kind="departement", code=code),
    )
    school.diplomas.set(Diploma.objects.filter(abbreviation__in=abbreviations))
    return school


def test_student_in_gironde_finds_where_to_prepare_the_dees_and_how_to_fund_it(client, demo):
    home = client.get("/se-former/")
    assert home.status_code == 200
    assert "Diplôme d'État d'éducateur spécialisé (DEES)" in unescape(home.content.decode())

    response = client.get("/se-former/?diplome=dees&departement=33-gironde")

    answer = response.context["answer"]
    assert len(answer["nearby"]) >= 2
    assert all(s.departement.code == "33" for s in answer["nearby"])
    assert all(s.diplomas.filter(abbreviation="DEES").exists() for s in answer["nearby"])
    assert all(s.departement.parent.slug == "nouvelle-aquitaine" for s in answer["in_region"])
    funding = {scheme.name for scheme in answer["funding"]}
    assert "Compte personnel de formation (CPF)" in funding
    assert "Bourse régionale des formations sociales — Nouvelle-Aquitaine" in funding
    assert not any("Hauts-de-France" in name for name in funding)
    html = unescape(response.content.decode())
    assert "Préparer le DEES près de\u00a0: Gironde" in html
    assert answer["nearby"][0].get_absolute_url() in html


def test_finder_explains_bad_choices_in_french_and_never_fails(client, demo):
    for query in [
        "diplome=xxx&departement=33-gironde",
        "diplome=dees&departement=%00",
        "diplome=dees",
        "diplome=" + "é" * 5000,
        "departement[]=1",
    ]:
        response = client.get(f"/se-former/?{query}")
        assert response.status_code == 200
        assert response.context["answer"] is None
    html = unescape(client.get("/se-former/?diplome=xxx&departement=33-gironde").content.decode())
    assert "Choisissez un diplôme de la liste." in html
    assert "fr-select-group--error" in html


def test_rncp_code_follows_the_reform_date():
    deass = Diploma.objects.create(
        name="Assistant de service social",
        abbreviation="DEASS",
        slug="deass",
        level=6,
        duration="3 ans",
        description="…",
    )
    RncpCode.objects.create(
        diploma=deass,
        code="RNCP37675",
        valid_from=datetime.date(2023, 9, 1),
        valid_until=datetime.date(2026, 8, 31),
    )
    RncpCode.objects.create(diploma=deass, code="RNCP41748", valid_from=datetime.date(2026, 9, 1))

    assert deass.rncp_at(datetime.date(2026, 8, 31)).code == "RNCP37675"
    assert deass.rncp_at(datetime.date(2026, 9, 1)).code == "RNCP41748"
    assert deass.rncp_at(datetime.date(2020, 1, 1)) is None


def test_diploma_page_shows_current_rncp_code_schools_by_region_and_bridges(client, demo):
    html = unescape(client.get("/se-former/diplomes/deass/").content.decode())
    assert "RNCP41748" in html  # today is after 1 September 2026
    assert "RNCP37675" not in html
    assert "Nouvelle-Aquitaine" in html
    assert "Depuis le DEES" in html and "Vers le DEES" in html
    assert client.get("/se-former/diplomes/inconnu/").status_code == 404


def test_school_directory_facets(client):
    for abbr in ("DEES", "DEASS"):
        Diploma.objects.create(
            name=abbr,
            abbreviation=abbr,
            slug=abbr.lower(),
            level=6,
            duration="3 ans",
            description="…",
        )
    make_school("Ecole Bordeaux", "33", "DEES", "DEASS")
    make_school("Ecole Pau", "64", "DEASS")
    make_school("Ecole Lille", "59", "DEES")

    response = client.get("/se-former/etablissements/?region=nouvelle-aquitaine")
    assert [s.name for s in response.context["page_obj"].object_list] == [
        "Ecole Bordeaux",
        "Ecole Pau",
    ]
    diploma_facet = next(f for f in response.context["facets"] if f.facet.param == "diplome")
    assert {(o.value, o.count) for o in diploma_facet.options} == {("dees", 1), ("deass", 2)}

    response = client.get("/se-former/etablissements/?region=nouvelle-aquitaine&diplome=dees")
    assert [s.name for s in response.context["page_obj"].object_list] == ["Ecole Bordeaux"]
    response = client.get("/se-former/etablissements/?departement=59-nord")
    assert [s.name for s in response.context["page_obj"].object_list] == ["Ecole Lille"]
    html = unescape(client.get("/se-former/etablissements/ecole-lille/").content.decode())
    assert "Hauts-de-France" in html and "DEES" in html


def test_pages_run_a_constant_number_of_queries(client, demo, django_assert_max_num_queries):
    def count(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [
        "/se-former/",
        "/se-former/?diplome=dees&departement=33-gironde",
        "/se-former/diplomes/dees/",
        "/se-former/etablissements/",
        "/pratiques-inspirantes/",
    ]
    before = {url: count(url) for url in urls}
    for n in range(15):
        make_school(f"Ecole supplementaire {n}", "33", "DEES", "DEASS", "DEME")
    for practice in Practice.objects.all()[:3]:
        practice.pk = None
        practice.slug += "-bis"
        practice.save()
    after = {url: count(url) for url in urls}
    assert after == before
    assert max(after.values()) <= 14


def test_featured_practices_appear_on_the_home_page(client, demo):
    featured = list(Practice.objects.filter(featured=True))
    assert len(featured) == 4
    html = unescape(client.get("/").content.decode())
    for practice in featured:
        assert practice.get_absolute_url() in html
    unfeatured = Practice.objects.filter(featured=False).first()
    assert unfeatured.get_absolute_url() not in html


def test_practice_contact_is_shown_only_with_consent(client, demo):
    practice = Practice.objects.filter(contact_consent=True).exclude(contact_email="").first()
    html = unescape(client.get(practice.get_absolute_url()).content.decode())
    assert practice.contact_email in html
    practice.contact_consent = False
    practice.save()
    assert practice.contact_email not in unescape(
        client.get(practice.get_absolute_url()).content.decode()
    )
    practice.status = "draft"
    practice.save()
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_training_module_shows_chapters_and_a_printable_version(client, demo):
    module = TrainingModule.objects.select_related("resource").first()
    chapter = module.chapters.first()
    chapter.file.save("support.pdf", ContentFile(b"%PDF-1.4 support"))
    ModuleChapter.objects.filter(pk=chapter.pk).update(file_mime="application/pdf")

    html = unescape(client.get(module.resource.get_absolute_url()).content.decode())
    assert "Objectifs pédagogiques" in html
    assert "Chapitre 1\u00a0: Repères et cadre" in html
    print_url = f"/ressources/{module.resource.slug}/module/imprimer/"
    assert print_url in html

    printed = client.get(print_url)
    assert printed.status_code == 200
    text = unescape(printed.content.decode())
    first, last = "Chapitre 1\u00a0: Repères et cadre", "Chapitre 4\u00a0: Évaluation"
    assert text.index(first) < text.index(last)
    assert "css/print.css" in text

    download = client.get(
        f"/ressources/{module.resource.slug}/module/chapitres/{chapter.pk}/fichier/"
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    other = TrainingModule.objects.exclude(pk=module.pk).first()
    assert (
        client.get(
            f"/ressources/{other.resource.slug}/module/chapitres/{chapter.pk}/fichier/"
        ).status_code
        == 404
    )


def test_printable_version_is_only_for_visible_modules(client, demo):
    module = TrainingModule.objects.select_related("resource").first()
    module.resource.status = "draft"
    module.resource.save()
    assert client.get(f"/ressources/{module.resource.slug}/module/imprimer/").status_code == 404
    plain = ResourceFactory()
    assert client.get(f"/ressources/{plain.slug}/module/imprimer/").status_code == 404


def test_diplomas_schools_and_practices_join_search_and_sitemap(client, demo):
    kinds = set(SearchEntry.objects.values_list("kind", flat=True))
    assert {"diplome", "etablissement-de-formation", "pratique-inspirante"} <= kinds
    response = client.get("/rechercher/?q=éducateur+spécialisé")
    urls = [entry.url for entry in response.context["page_obj"].object_list]
    assert "/se-former/diplomes/dees/" in urls
    sitemap = unescape(sitemap_text(client))
    assert "/se-former/diplomes/dees/" in sitemap
    assert Practice.objects.first().get_absolute_url() in sitemap


def test_demo_loader_is_idempotent(demo):
    counts = [
        Diploma.objects.count(),
        TrainingSchool.objects.count(),
        Practice.objects.count(),
        TrainingModule.objects.count(),
        ModuleChapter.objects.count(),
    ]
    assert counts[0] == 15 and counts[1] == 38
    assert TrainingSchool.objects.filter(departement__code="33", diplomas__slug="dees").count() >= 2
    load_training_demo()
    assert counts == [
        Diploma.objects.count(),
        TrainingSchool.objects.count(),
        Practice.objects.count(),
        TrainingModule.objects.count(),
        ModuleChapter.objects.count(),
    ]
