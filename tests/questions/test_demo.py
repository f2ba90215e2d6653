import pytest
from django.contrib.auth.models import Group

from core.roles import RESEARCHERS
from research.models import FieldQuestion, Researcher
from research.questions import demo
from resources import demo_loader as loader
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_has_one_question_per_stage_and_a_second_load_changes_nothing(client):
    loader.load("organisations")
    loader.load("research")
    demo.load_questions_demo()

    again = loader.load("questions")

    assert again.changed == []
    stages = dict(FieldQuestion.objects.values_list("stage", "slug"))
    assert set(stages) == {"open", "taken_up", "project_ongoing", "results_published"}
    assert FieldQuestion.objects.get(stage="open").territory.code == "59"
    results = FieldQuestion.objects.get(stage="results_published")
    page = client.get(results.get_absolute_url()).content.decode()
    assert "la-parole-des-enfants-places-dans-les-audiences" in page
    assert "Avec les personnes accompagnées" not in page  # took part, no consent
    assert client.get("/recherche/questions/").context["page_obj"].paginator.count == 4


def test_demo_researcher_account_is_linked_in_debug(settings):
    settings.DEBUG = True
    loader.load("organisations")
    loader.load("research")
    user = UserFactory(username=demo.DEMO_RESEARCHER[0])
    user.groups.add(Group.objects.get(name=RESEARCHERS))

    demo.link_demo_researcher()
    demo.link_demo_researcher()

    assert Researcher.objects.get(user=user).slug == demo.DEMO_RESEARCHER[1]
    assert user.has_perm("research.add_questioninterest")
