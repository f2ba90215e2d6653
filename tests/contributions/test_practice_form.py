import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from editorial import contribute
from editorial.models import EditorialEvent
from editorial.workflow import transition
from resources.models import Organisation, Practice
from tests.contributions.helpers import practice_data, text
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/contribuer/pratique/"


def test_practice_proposed_when_complete(signed_in, contributor, nord, theme):
    response = signed_in.post(URL, practice_data(nord, theme))

    assert response.status_code == 302
    assert response["Location"] == reverse("editorial:my_contributions")
    practice = Practice.objects.get()
    assert practice.status == "proposed"
    assert practice.contributor == contributor
    assert practice.submitted_at is not None
    assert practice.slug == "le-cafe-des-parents-a-la-mds"
    assert practice.credit_as == "team"
    assert practice.credit_text == "une équipe de la MDS de Roubaix"
    assert list(practice.themes.all()) == [theme]
    assert practice.organisation.name == "MDS de Roubaix"
    assert practice.organisation.kind == "other"
    event = EditorialEvent.objects.get()
    assert (event.source, event.target, event.by) == ("draft", "proposed", contributor)
    assert event.content_type == ContentType.objects.get_for_model(Practice)


def test_practice_from_the_list_of_structures(signed_in, nord, theme):
    known = OrganisationFactory(name="CCAS de Lille")
    data = practice_data(nord, theme, organisation=str(known.pk), organisation_name="")

    assert signed_in.post(URL, data).status_code == 302
    assert Practice.objects.get().organisation == known
    assert Organisation.objects.count() == 1


def test_practice_incomplete_is_refused_in_french(signed_in, nord, theme):
    data = practice_data(
        nord,
        theme,
        problem="",
        organisation_name="",
        territory="",
        credit_as="",
        credit_consent=None,
        contact_email="pas-une-adresse",
    )

    response = signed_in.post(URL, data)

    assert response.status_code == 400
    page = text(response)
    assert "Certaines réponses sont à corriger" in page
    assert "Ce champ est obligatoire." in page
    assert "Choisissez votre structure dans la liste ou écrivez son nom." in page
    assert "Choisissez le territoire où la pratique est menée." in page
    assert "Choisissez comment vous voulez être crédité·e." in page
    assert "Cochez cette case pour proposer la contribution" in page
    assert "Cette adresse électronique n'est pas valide." in page
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"territory": "999999"},
        {"territory": "<script>"},
        {"themes": ["x"]},
        {"organisation": "-1"},
        {"credit_as": "tout le monde"},
        {"title": "x" * 300},
        {"title": "\x00"},
    ],
)
def test_practice_hostile_input_is_a_form_error_not_a_500(signed_in, nord, theme, payload):
    response = signed_in.post(URL, practice_data(nord, theme, **payload))

    assert response.status_code == 400
    assert "Certaines réponses sont à corriger" in text(response)
    assert not Practice.objects.exists()


def test_practice_draft_is_kept_and_reopened(signed_in, contributor, nord, theme):
    data = practice_data(nord, theme, problem="", action="", results="", intent="draft")
    data.pop("credit_consent")

    response = signed_in.post(URL, data)

    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{URL}{practice.pk}/"
    assert practice.status == "draft" and practice.submitted_at is None
    assert not EditorialEvent.objects.exists()

    reopened = signed_in.get(f"{URL}{practice.pk}/")
    assert reopened.status_code == 200
    html = reopened.content.decode()
    assert 'value="Le café des parents à la MDS"' in html
    assert f'action="{URL}{practice.pk}/"' in html
    assert "Votre brouillon est enregistré" in text(reopened)

    completed = practice_data(nord, theme, organisation=str(practice.organisation_id))
    assert signed_in.post(f"{URL}{practice.pk}/", completed).status_code == 302
    practice.refresh_from_db()
    assert practice.status == "proposed"
    assert Practice.objects.count() == 1 and Organisation.objects.count() == 1


def test_practice_sent_back_is_amended_and_proposed_again(
    signed_in, contributor, editor, nord, theme
):
    signed_in.post(URL, practice_data(nord, theme))
    practice = Practice.objects.get()
    transition(
        practice, "request_changes", by=editor, message="Pouvez-vous chiffrer les résultats ?"
    )

    page = signed_in.get(f"{URL}{practice.pk}/")
    assert page.status_code == 200
    assert "Pouvez-vous chiffrer les résultats ?" in text(page)
    assert "Ce que l'équipe éditoriale vous demande" in text(page)

    amended = practice_data(
        nord, theme, organisation=str(practice.organisation_id), results="32 familles en un an."
    )
    assert signed_in.post(f"{URL}{practice.pk}/", amended).status_code == 302
    practice.refresh_from_db()
    assert practice.status == "proposed"
    assert practice.results == "32 familles en un an."
    assert list(EditorialEvent.objects.values_list("target", flat=True)) == [
        "proposed",
        "changes_requested",
        "proposed",
    ]


def test_practice_proposed_can_no_longer_be_edited(signed_in, nord, theme):
    signed_in.post(URL, practice_data(nord, theme))
    practice = Practice.objects.get()

    response = signed_in.post(f"{URL}{practice.pk}/", practice_data(nord, theme, title="Autre"))

    assert response.status_code == 302
    assert response["Location"] == reverse("editorial:my_contributions")
    practice.refresh_from_db()
    assert practice.title == "Le café des parents à la MDS"


def test_practice_of_another_contributor_is_404(client, signed_in, nord, theme):
    signed_in.post(URL, practice_data(nord, theme, intent="draft"))
    practice = Practice.objects.get()
    client.force_login(UserFactory(username="autre"))

    assert client.get(f"{URL}{practice.pk}/").status_code == 404
    assert client.post(f"{URL}{practice.pk}/", practice_data(nord, theme)).status_code == 404
    practice.refresh_from_db()
    assert practice.status == "draft"


def test_practice_form_needs_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert (
        response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={URL}"
        or response["Location"] == f"{settings.LOGIN_URL}?next={URL}"
    )


def test_practice_honeypot_refuses_robots(signed_in, nord, theme):
    response = signed_in.post(URL, practice_data(nord, theme, website="http://spam.example"))

    assert response.status_code == 400
    assert "Votre contribution n'a pas pu être enregistrée." in text(response)
    assert not Practice.objects.exists()


def test_practice_posts_are_rate_limited(signed_in, nord, theme, monkeypatch):
    monkeypatch.setitem(contribute.CONTRIBUTION_LIMIT, "limit", 2)
    signed_in.post(URL, practice_data(nord, theme, website="robot"))  # refused: not counted
    for n in range(2):
        assert signed_in.post(URL, practice_data(nord, theme, title=f"P {n}")).status_code == 302

    response = signed_in.post(URL, practice_data(nord, theme, title="P 3"))

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3660
    assert Practice.objects.count() == 2


def test_practice_slugs_are_unique(signed_in, nord, theme):
    for _ in range(3):
        signed_in.post(URL, practice_data(nord, theme, intent="draft"))

    assert sorted(Practice.objects.values_list("slug", flat=True)) == [
        "le-cafe-des-parents-a-la-mds",
        "le-cafe-des-parents-a-la-mds-2",
        "le-cafe-des-parents-a-la-mds-3",
    ]
