import pytest
from django.utils import timezone

from editorial.workflow import transition
from research.models import FieldQuestion
from resources.models import Event, Organisation, Practice, Resource, ResourceType
from tests.contributions.helpers import text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/mes-contributions/"


def make_practice(contributor, nord, n=0, **fields):
    organisation = Organisation.objects.get_or_create(
        slug="mds-roubaix", defaults={"name": "MDS de Roubaix", "kind": "other"}
    )[0]
    return Practice.objects.create(
        title=f"Pratique {n}",
        slug=f"pratique-{n}",
        problem="Un problème.",
        action="Une action.",
        results="Des résultats.",
        organisation=organisation,
        territory=nord,
        contributor=contributor,
        credit_as="team",
        credit_text="une équipe de la MDS de Roubaix",
        **fields,
    )


def make_all_kinds(contributor, nord, n, start=0):
    """n contributions of each kind."""
    now = timezone.now()
    for i in range(start, start + n):
        make_practice(contributor, nord, n=i)
        Event.objects.create(
            title=f"Événement {i}",
            slug=f"evenement-{i}",
            summary="Une rencontre.",
            starts_at=now,
            ends_at=now,
            contributor=contributor,
        )
        Resource.objects.create(
            title=f"Ressource {i}",
            slug=f"ressource-{i}",
            summary="Un guide.",
            resource_type=ResourceType.objects.get(slug="guide"),
            contributor=contributor,
        )
        FieldQuestion.objects.create(
            title=f"Question {i}",
            slug=f"question-{i}",
            context="Contexte.",
            contributor=contributor,
        )


def test_my_contributions_lists_each_kind_with_its_state(signed_in, contributor, editor, nord):
    draft = make_practice(contributor, nord, n=1)
    sent_back = make_practice(contributor, nord, n=2)
    transition(sent_back, "propose", by=contributor)
    transition(sent_back, "request_changes", by=editor, message="Ajoutez les chiffres de 2025.")
    published = make_practice(contributor, nord, n=3)
    transition(published, "propose", by=contributor)
    transition(published, "publish", by=editor)
    FieldQuestion.objects.create(
        title="Une question", slug="une-question", context="C.", contributor=contributor
    )
    make_practice(UserFactory(username="autre"), nord, n=4)  # someone else's

    response = signed_in.get(URL)

    assert response.status_code == 200
    page = text(response)
    assert "Pratique 4" not in page
    for title in ("Pratique 1", "Pratique 2", "Pratique 3", "Une question"):
        assert title in page
    assert "Question de terrain" in page and "Pratique inspirante" in page
    assert "Brouillon" in page and "À revoir" in page and "Publiée" in page
    assert "Ajoutez les chiffres de 2025." in page
    html = response.content.decode()
    assert f'href="/contribuer/pratique/{draft.pk}/"' in html
    assert f'href="/contribuer/pratique/{sent_back.pk}/"' in html
    assert "Modifier et proposer de nouveau" in page
    assert f'href="{published.get_absolute_url()}"' in html
    assert f'href="/mes-contributions/resources.practice/{published.pk}/retirer/"' not in html
    assert f'href="/mes-contributions/resources.practice/{draft.pk}/retirer/"' in html


def test_my_contributions_empty(signed_in):
    response = signed_in.get(URL)

    assert response.status_code == 200
    assert "Vous n'avez encore rien proposé." in text(response)


def test_my_contributions_needs_sign_in(client, settings):
    settings.LOGIN_URL = "/connexion/"

    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/connexion/?next={URL}"


def count_queries(client, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured)


def test_my_contributions_queries_are_constant(
    signed_in, contributor, editor, nord, django_assert_max_num_queries
):
    make_all_kinds(contributor, nord, 1)
    signed_in.get(URL)  # content types cached
    one = count_queries(signed_in, django_assert_max_num_queries, 12)

    make_all_kinds(contributor, nord, 6, start=1)
    for practice in Practice.objects.all():
        transition(practice, "propose", by=contributor)
        transition(practice, "request_changes", by=editor, message="À préciser.")
    many = count_queries(signed_in, django_assert_max_num_queries, 12)

    assert many == one  # session, user, one per kind (4), the reviewers' messages (1)


def test_withdraw_asks_then_withdraws(signed_in, contributor, nord):
    practice = make_practice(contributor, nord)
    transition(practice, "propose", by=contributor)
    url = f"/mes-contributions/resources.practice/{practice.pk}/retirer/"

    confirm = signed_in.get(url)
    assert confirm.status_code == 200
    assert "Voulez-vous retirer « Pratique 0 » ?" in text(confirm)
    assert Practice.objects.get().status == "proposed"

    response = signed_in.post(url)
    assert response.status_code == 302 and response["Location"] == URL
    practice.refresh_from_db()
    assert practice.status == "withdrawn"
    assert "Votre contribution « Pratique 0 » est retirée." in text(signed_in.get(URL))


def test_withdraw_after_publication_is_refused(signed_in, contributor, editor, nord):
    practice = make_practice(contributor, nord)
    transition(practice, "publish", by=editor)

    response = signed_in.post(f"/mes-contributions/resources.practice/{practice.pk}/retirer/")

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == "published"
    assert "ne peut plus être retirée" in text(signed_in.get(URL))


def test_withdraw_of_another_persons_contribution_is_404(client, contributor, nord):
    practice = make_practice(contributor, nord)
    client.force_login(UserFactory(username="autre"))

    url = f"/mes-contributions/resources.practice/{practice.pk}/retirer/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.post(f"/mes-contributions/auth.user/{contributor.pk}/retirer/").status_code == 404
    practice.refresh_from_db()
    assert practice.status == "draft"


def test_contribute_page_lists_the_forms(client):
    response = client.get("/contribuer/")

    assert response.status_code == 200
    html = response.content.decode()
    for url in (
        "/contribuer/pratique/",
        "/contribuer/evenement/",
        "/contribuer/ressource/",
        "/recherche/questions/proposer/",
    ):
        assert f'href="{url}"' in html
    assert "Proposer une pratique inspirante" in text(response)
    assert "une équipe de la MDS de Roubaix" in text(response)


@pytest.mark.parametrize(
    ("page", "link", "label"),
    [
        ("/pratiques-inspirantes/", "/contribuer/pratique/", "Proposer une pratique"),
        ("/agenda/", "/contribuer/evenement/", "Proposer un événement"),
        ("/ressources/", "/contribuer/ressource/", "Proposer une ressource"),
        ("/recherche/", "/recherche/questions/proposer/", "Poser une question de terrain"),
    ],
)
def test_pillar_pages_link_to_their_form(client, page, link, label):
    response = client.get(page)

    assert response.status_code == 200
    assert f'href="{link}"' in response.content.decode()
    assert label in text(response)
