import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resources import csv_io
from resources.models import Resource, SearchEntry
from tests.factories import OrganisationFactory, ResourceFactory

pytestmark = pytest.mark.django_db
HEADER = "titre;slug;resume;type;thematiques;publics;territoires;mots_cles;date_publication;statut"
IMPORT_URL = "/admin/resources/resource/importer/"


def upload(admin_client, text, encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return admin_client.post(IMPORT_URL, {"file": SimpleUploadedFile("r.csv", data, "text/csv")})


def test_valid_file_imports_every_row_with_relations_and_search(admin_client):
    text = "\n".join(
        [
            HEADER,
            "Guide de la VAE;guide-vae;Comment valider ses acquis.;guide;accompagnement-global;"
            "professionnels|etudiants;59-nord;vae|diplôme;2025-03-04;published",
            "Fiche aller-vers;;Aller au-devant des personnes.;fiche-pratique;aller-vers;;;;;draft",
        ]
    )
    response = upload(admin_client, text)

    assert response.status_code == 302
    vae = Resource.objects.get(slug="guide-vae")
    assert sorted(vae.audiences.values_list("slug", flat=True)) == ["etudiants", "professionnels"]
    assert list(vae.territories.values_list("slug", flat=True)) == ["59-nord"]
    assert sorted(vae.tags.names()) == ["diplôme", "vae"]
    assert vae.publication_date.date().isoformat() == "2025-03-04"
    assert Resource.objects.get(slug="fiche-aller-vers").status == "draft"
    assert SearchEntry.objects.filter(
        title="Guide de la VAE", themes__slug="accompagnement-global"
    ).exists()


def test_file_with_bad_rows_imports_nothing_and_reports_each_line(admin_client):
    ResourceFactory(slug="deja-la")
    text = "\n".join(
        [
            HEADER,
            "Bonne ligne;bonne;Résumé.;guide;;;;;;draft",
            "Type inconnu;type-inconnu;Résumé.;brochure;;;;;;draft",
            "Date fausse;date-fausse;Résumé.;guide;;;;;31/02/2025;draft",
            ";sans-titre;Résumé.;guide;;;;;;draft",
            "Doublon;deja-la;Résumé.;guide;theme-imaginaire;;;;;published",
        ]
    )
    response = upload(admin_client, text)

    assert response.status_code == 200
    report = response.context["report"]
    assert [(e.line, e.column) for e in report.errors] == [
        (3, "type"),
        (4, "date_publication"),
        (5, "titre"),
        (6, "slug"),
        (6, "thematiques"),
    ]
    assert report.errors[0].message.startswith(
        "Inconnu : brochure (attendu, par nom ou identifiant : "
    )
    assert "Guide" in report.errors[0].message
    assert "aucune ressource n'a été importée" in html.unescape(response.content.decode())
    assert Resource.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "n&#x27;est pas un fichier texte CSV"),
        ("titre;resume\nÉté;R".encode("latin-1"), "encodé en UTF-8"),
        (b"", "Le fichier soumis est vide"),
        (b"nom;prenom\nA;B", "Colonnes obligatoires absentes"),
        (HEADER.encode(), "aucune ligne de données"),
    ],
)
def test_unreadable_files_get_a_form_error_not_a_500(admin_client, content, message):
    response = upload(admin_client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Resource.objects.count() == 0


def test_export_then_import_round_trips(admin_client):
    organisation = OrganisationFactory()
    original = ResourceFactory(
        title="À exporter ; avec « guillemets »", authors="A; B", source_organisation=organisation
    )
    original.tags.set(["un", "deux"])
    exported = admin_client.get(reverse("admin:resources_resource_export")).content
    Resource.objects.all().delete()

    response = upload(admin_client, exported)

    assert response.status_code == 302
    copy = Resource.objects.get(slug=original.slug)
    assert (copy.title, copy.authors, copy.source_organisation, copy.status) == (
        original.title,
        "A; B",
        organisation,
        "published",
    )
    assert sorted(copy.tags.names()) == ["deux", "un"]


def test_export_action_on_selected_rows(admin_client):
    chosen, other = ResourceFactory(title="Choisie"), ResourceFactory(title="Autre")
    response = admin_client.post(
        reverse("admin:resources_resource_changelist"),
        {"action": "export_csv", "_selected_action": [chosen.pk]},
    )
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert text.splitlines()[0] == ";".join(csv_io.COLUMNS)
    assert "Choisie" in text and "Autre" not in text
    assert other.pk


def test_export_follows_the_changelist_filters(admin_client):
    ResourceFactory(title="Brouillon", draft=True)
    ResourceFactory(title="Publiée")
    text = admin_client.get(reverse("admin:resources_resource_export") + "?status__exact=draft")
    assert "Brouillon" in text.content.decode() and "Publiée" not in text.content.decode()


def test_admin_labels_are_read_as_well_as_identifiers(admin_client):
    """A curator types what the admin shows: « Brouillon », « Jeunesse », « Hauts-de-France »."""
    text = "\n".join(
        [
            "Titre;Résumé;Type;Thématiques;Territoires;Statut;Langue",
            "Guide jeunesse;Pour les jeunes.;Guide;Jeunesse|familles et parentalite;"
            "Hauts-de-France|59-nord;Brouillon;français",
            "",
            "Autre guide;Publiée.;guide;;;publiée;fr",
        ]
    )
    response = upload(admin_client, text)

    assert response.status_code == 302, response.context["report"].errors
    guide = Resource.objects.get(slug="guide-jeunesse")
    assert guide.status == "draft"
    assert guide.language == "fr"
    assert sorted(guide.themes.values_list("name", flat=True)) == [
        "Familles et parentalité",
        "Jeunesse",
    ]
    assert sorted(guide.territories.values_list("name", flat=True)) == [
        "Hauts-de-France",
        "Nord",
    ]
    assert Resource.objects.get(slug="autre-guide").status == "published"


def test_a_refused_label_names_what_was_expected(admin_client):
    text = HEADER + "\nTitre;t;Résumé.;guide;;;;;;En ligne"
    report = upload(admin_client, text).context["report"]

    assert [(e.column, e.message) for e in report.errors] == [
        (
            "statut",
            "Valeur « En ligne » non reconnue "
            "(attendu : Brouillon, En relecture, Publiée, Archivée).",
        )
    ]


def test_the_import_page_offers_a_template_that_imports_as_it_is(admin_client):
    page = admin_client.get(IMPORT_URL).content.decode()
    assert "/admin/resources/resource/importer/modele.csv" in page

    template = admin_client.get("/admin/resources/resource/importer/modele.csv")

    assert template.status_code == 200
    assert template["Content-Disposition"] == 'attachment; filename="modele-import-ressources.csv"'
    text = template.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(csv_io.COLUMNS)
    assert ";Brouillon" in text
    assert upload(admin_client, template.content).status_code == 302
    assert Resource.objects.get().status == "draft"


def test_the_template_needs_the_add_permission(client, django_user_model):
    from tests.helpers import verified_login

    viewer = django_user_model.objects.create_user("lecteur", password="x", is_staff=True)
    verified_login(client, viewer)

    assert client.get("/admin/resources/resource/importer/modele.csv").status_code == 403
