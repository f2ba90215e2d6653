"""« Mon territoire » (postcode or name), links to territory pages from item pages, and the
observatory's coverage derived from the datasets' values."""

import pytest

from research.models import Lab, Project
from resources.agenda.models import Event
from resources.observatory.coverage import sync_coverage
from resources.observatory.models import DataPoint
from resources.territories.chooser import departement_code
from resources.training.models import Practice, TrainingSchool
from tests.factories import DataPointFactory, DatasetFactory, IndicatorFactory, ResourceFactory
from tests.territories.conftest import territory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("59000", "59-nord"),
        ("59 000", "59-nord"),
        ("20000", "2a-corse-du-sud"),
        ("20167", "2a-corse-du-sud"),
        ("20200", "2b-haute-corse"),
        ("20600", "2b-haute-corse"),
        ("97400", "974-la-reunion"),
        ("97600", "976-mayotte"),
        ("01000", "01-ain"),
        ("Nord", "59-nord"),
        ("  nord ", "59-nord"),
        ("hauts de france", "hauts-de-france"),
        ("COTES D'ARMOR", "22-cotes-darmor"),
        ("59", "59-nord"),
        ("2a", "2a-corse-du-sud"),
    ],
)
def test_chooser_goes_straight_to_the_territory(client, typed, slug):
    response = client.get("/territoires/choisir/", {"lieu": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/territoires/{slug}/"


def test_departement_code_of_postcodes():
    assert [departement_code(c) for c in ["59000", "20190", "20290", "97100", "00100"]] == [
        "59",
        "2A",
        "2B",
        "971",
        None,
    ]


def test_a_name_shared_by_several_territories_shows_the_choices(client):
    response = client.get("/territoires/choisir/", {"lieu": "Réunion"})
    html = response.content.decode()

    assert response.status_code == 200
    assert [t.slug for t in response.context["choices"]] == ["la-reunion", "974-la-reunion"]
    assert (
        'href="/territoires/la-reunion/"' in html and 'href="/territoires/974-la-reunion/"' in html
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Atlantide", "Aucune région ni aucun département ne porte ce nom."),
        ("98000", "Ce code postal ne correspond à aucun département."),
        ("", "Indiquez le nom d'une région ou d'un département, ou un code postal."),
        ("---", "Indiquez le nom d'une région ou d'un département, ou un code postal."),
        ("x" * 500, "Indiquez au plus 100 caractères."),
        ("<script>", "Aucune région ni aucun département ne porte ce nom."),
    ],
)
def test_unknown_or_bad_input_gives_a_french_message(client, typed, message):
    response = client.get("/territoires/choisir/", {"lieu": typed})
    html = response.content.decode()

    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in html
    assert 'aria-invalid="true"' in html and "<script>" not in html.split("<main")[1][:20000]


def test_home_page_has_the_chooser(client):
    html = client.get("/").content.decode()

    assert 'action="/territoires/choisir/"' in html and 'name="lieu"' in html
    assert "Mon territoire" in html


def test_item_pages_link_their_territories(client, nord):
    resource = ResourceFactory(territories=[nord])
    dataset = DatasetFactory(territories=[nord, territory("national")])
    pages = {
        "resource": (resource.get_absolute_url(), "59-nord"),
        "event": (Event.objects.get(slug="rencontre-a-lille").get_absolute_url(), "59-nord"),
        "practice": (
            Practice.objects.get(slug="pairs-aidants-a-lille").get_absolute_url(),
            "59-nord",
        ),
        "school": (TrainingSchool.objects.get().get_absolute_url(), "59-nord"),
        "lab": (Lab.objects.get(name="CLERSÉ").get_absolute_url(), "hauts-de-france"),
        "project": (Project.objects.get().get_absolute_url(), "59-nord"),
        "dataset": (dataset.get_absolute_url(), "59-nord"),
    }
    for kind, (url, slug) in pages.items():
        html = client.get(url).content.decode()
        assert f'href="/territoires/{slug}/"' in html, kind


def test_coverage_follows_the_values_and_keeps_france_entiere(db):
    nord, somme, national = territory("59-nord"), territory("80-somme"), territory("national")
    dataset = DatasetFactory(territories=[national])
    indicator = IndicatorFactory(dataset=dataset, by_territory=True)
    DataPointFactory(indicator=indicator, territory=nord, value=3)
    point = DataPointFactory(indicator=indicator, territory=somme, value=4)

    assert set(dataset.territories.values_list("slug", flat=True)) == {
        "national",
        "59-nord",
        "80-somme",
    }
    point.delete()
    assert set(dataset.territories.values_list("slug", flat=True)) == {"national", "59-nord"}
    assert sync_coverage(dataset) is False  # already in step


def test_observatory_facet_offers_regions_and_departements(client, nord):
    response = client.get("/observatoire/")
    facet = next(f for f in response.context["facets"] if f.facet.param == "territoire")
    offered = {option.value for option in facet.options}

    assert {"national", "hauts-de-france", "59-nord"} <= offered
    filtered = client.get("/observatoire/", {"territoire": "59-nord"}).context["page_obj"]
    assert [d.title for d in filtered.object_list] == ["Indicateurs sociaux 2023"]
    assert DataPoint.objects.filter(territory=nord).count() == 2 + 1  # with the draft's
