import pytest
from django.db.models import Max

from research.demo import load_research_demo
from research.models import (
    ContractOffer,
    Lab,
    Project,
    ProjectContributor,
    Publication,
    PublicationContributor,
    Researcher,
)
from resources.models import SearchEntry

pytestmark = pytest.mark.django_db
MODELS = [
    Lab,
    Researcher,
    Project,
    ProjectContributor,
    Publication,
    PublicationContributor,
    ContractOffer,
]


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS
    } | {
        "updated": Publication.objects.aggregate(last=Max("updated_at"))["last"],
        "entries": SearchEntry.objects.count(),
    }


def test_demo_is_idempotent_and_rich_enough(client):
    load_research_demo()
    first = snapshot()
    load_research_demo()

    assert snapshot() == first
    assert Publication.objects.public().count() == 23
    assert ContractOffer.objects.open().count() == 3
    assert (
        Lab.objects.filter(region__name="Occitanie", themes__slug="protection-de-lenfance").count()
        == 3
    )
    response = client.get("/recherche/laboratoires/?region=occitanie&theme=protection-de-lenfance")
    assert response.context["page_obj"].paginator.count == 3
    for url in [
        "/recherche/",
        "/recherche/publications/",
        "/recherche/projets/",
        "/recherche/contrats/",
        Publication.objects.first().get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200
    assert client.get("/rechercher/?q=pair-aidance").context["page_obj"].paginator.count > 0
