import factory
import pytest
from django.contrib.auth.models import Group

from core.roles import CALLS, RESEARCHERS
from resources.models import Territory, Theme
from tests.factories import LabFactory, ResearcherFactory, UserFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "research.FieldQuestion"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Comment accompagner les familles, question {n} ?")
    slug = factory.Sequence(lambda n: f"question-{n}")
    context = "Une équipe éducative constate que les familles ne viennent plus aux rendez-vous."
    team = "Équipe de prévention spécialisée de Roubaix"
    status = "published"

    class Params:
        draft = factory.Trait(status="draft")

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


@pytest.fixture
def nord():
    return Territory.objects.get(kind="departement", code="59")


@pytest.fixture
def child_protection():
    return Theme.objects.get(slug="protection-de-lenfance")


@pytest.fixture
def lab():
    return LabFactory(name="Clersé", acronym="CLERSE")


@pytest.fixture
def researcher_user(lab):
    """A signed-in researcher: a user in the « Chercheurs » group linked to the directory."""
    user = UserFactory(username="chercheuse")
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    ResearcherFactory(user=user, lab=lab, given_names="Hélène", family_name="Dubois")
    return user


@pytest.fixture
def secretariat_user():
    user = UserFactory(username="secretariat", staff=True)
    user.groups.add(Group.objects.get(name=CALLS.secretariat))
    return user


@pytest.fixture
def contributor():
    return UserFactory(username="contributrice", email="equipe@roubaix.example")
