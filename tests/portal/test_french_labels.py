"""The back-office names things with the right gender and elision, and amounts and file sizes
read the French way (« 78 000 € », « 1,2 Mo »)."""

from html import unescape

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

from core.admin_base import french_names
from core.formatting import format_euros, format_file_size
from core.uploads import validate_upload
from hautes_etudes.models import Review
from research.calls.demo import load_calls_demo
from research.models import Researcher
from resources.models import Resource, ResourceType
from resources.training.models import Diploma
from tests.factories import ResourceFactory

OUR_APPS = {"resources", "research", "hautes_etudes", "ints_portal"}
THIN, NBSP = "\u202f", "\u00a0"


def test_french_names_elide_and_agree_for_a_feminine_noun_starting_with_a_vowel():
    names = french_names(Review._meta)

    assert names["change"] == "Modification de l'évaluation"
    assert names["add"] == "Ajout d'une évaluation"
    assert names["delete_selected"] == "Supprimer les évaluations sélectionnées"


def test_french_names_contract_for_a_masculine_noun():
    names = french_names(Diploma._meta)

    assert names["change"] == "Modification du diplôme"
    assert names["add_button"] == "Ajouter un diplôme"
    assert names["delete_selected"] == "Supprimer les diplômes sélectionnés"


def test_french_names_take_both_forms_for_an_inclusive_noun():
    names = french_names(Researcher._meta)

    assert names["add"] == "Ajout d'un ou d'une chercheur·e"
    assert names["delete_selected"] == "Supprimer les chercheur·es sélectionné·es"


def test_every_model_of_ours_declares_its_french_names():
    undeclared = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        and not {"verbose_name", "verbose_name_plural"} <= set(model._meta.original_attrs)
    ]

    assert undeclared == []


@pytest.mark.django_db
def test_resource_changelist_and_change_form_read_well(admin_client):
    resource = ResourceFactory(resource_type=ResourceType.objects.get(slug="guide"))

    listing = admin_client.get("/admin/resources/resource/")
    change = admin_client.get(f"/admin/resources/resource/{resource.pk}/change/")

    assert (listing.status_code, change.status_code) == (200, 200)
    listing_html = unescape(listing.content.decode())
    assert "<h1>Choisir une ressource à modifier</h1>" in listing_html
    assert "Ajouter une ressource" in listing_html
    assert ">Supprimer les ressources sélectionnées</option>" in listing_html
    assert "<h1>Modification de la ressource</h1>" in unescape(change.content.decode())
    assert Resource.objects.count() == 1


@pytest.mark.django_db
def test_add_form_title_has_its_article(admin_client):
    response = admin_client.get("/admin/resources/event/add/")

    assert response.status_code == 200
    assert "<h1>Ajout d'un événement</h1>" in unescape(response.content.decode())


def test_amounts_are_grouped_by_thousands_with_the_euro_sign_after():
    assert format_euros(78000) == f"78{THIN}000{NBSP}€"
    assert format_euros("1250.50") == f"1{THIN}250,50{NBSP}€"
    assert format_euros(150) == f"150{NBSP}€"


def test_file_sizes_use_one_unit_family():
    sizes = [format_file_size(n) for n in (1, 900, 2048, 5 * 1024 * 1024, 1_300_000, 3 * 1024**3)]

    assert sizes == [
        "1 octet",
        "900 octets",
        f"2{NBSP}ko",
        f"5{NBSP}Mo",
        f"1,2{NBSP}Mo",
        f"3{NBSP}Go",
    ]


def test_template_filters_format_amounts_and_sizes_and_leave_missing_values_empty():
    template = Template("{% load numbers %}{{ a|euros }}|{{ s|taille_fichier }}|{{ n|euros }}")

    text = template.render(Context({"a": 600000, "s": 2_500_000, "n": None}))

    assert text == f"600{THIN}000{NBSP}€|2,4{NBSP}Mo|"


@pytest.mark.django_db
def test_call_page_shows_its_budget_in_french(client):
    load_calls_demo()

    response = client.get("/recherche/appels/recherches-actions-participatives-2026/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f"600{THIN}000{NBSP}€" in html
    assert f"jusqu'à 80{THIN}000{NBSP}€ sur 36 mois" in html


def test_oversized_upload_message_gives_both_sizes_in_mo():
    upload = SimpleUploadedFile("gros.pdf", b"%PDF-1.4\n" + b"0" * (7 * 1024 * 1024))

    with pytest.raises(ValidationError) as error:
        validate_upload(upload, max_size=5 * 1024 * 1024)

    assert error.value.messages == [
        f"Le fichier pèse 7{NBSP}Mo ; la taille maximale est de 5{NBSP}Mo."
    ]
