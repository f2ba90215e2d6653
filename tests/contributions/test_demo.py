import pytest

from editorial.models import EditorialEvent
from resources.contributions.demo import load_contributions_demo
from resources.models import Practice, SearchEntry
from resources.training.demo import load_training_demo
from tests.contributions.helpers import text

pytestmark = pytest.mark.django_db


def test_demo_contributions_show_three_states_and_are_idempotent(client):
    load_training_demo()

    assert load_contributions_demo() == "3 contribution(s) créée(s)"
    assert load_contributions_demo() == "0 contribution(s) créée(s)"

    states = dict(Practice.objects.exclude(contributor=None).values_list("slug", "status"))
    assert states == {
        "un-cafe-des-parents-a-la-mds": "published",
        "des-permanences-numeriques-avec-les-jeunes-du-quartier": "changes_requested",
        "un-atelier-budget-avec-la-caf": "draft",
    }
    assert EditorialEvent.objects.count() == 5
    published = Practice.objects.get(slug="un-cafe-des-parents-a-la-mds")
    page = text(client.get(published.get_absolute_url()))
    assert "Contribution une équipe de la MDS de Roubaix" in page
    assert SearchEntry.objects.visible().filter(title=published.title).exists()
    draft = Practice.objects.get(slug="un-atelier-budget-avec-la-caf")
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(published.contributor)
    mine = text(client.get("/mes-contributions/"))
    assert "Pouvez-vous chiffrer les résultats" in mine
    assert "Brouillon" in mine and "À revoir" in mine and "Publiée" in mine
