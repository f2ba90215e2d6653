"""The selection in words, read once from a query string (resources.selection)."""

import pytest
from django.http import QueryDict

from resources import selection
from tests.outputs.conftest import CHILD, NORD

pytestmark = pytest.mark.django_db


def describe(key, query_string):
    return selection.read(key, QueryDict(query_string)).describe()


def test_resources_selection_names_its_theme_and_its_territory():
    assert (
        describe("resources", f"theme={CHILD}&territoire={NORD}&page=3&tri=titre")
        == "Ressources · thématique Protection de l'enfance · Nord"
    )


def test_search_selection_names_its_query_and_its_kind(catalogue):
    assert (
        describe("search", "q=mineurs non accompagnés&type=evenement")
        == "Recherche « mineurs non accompagnés » · Événement"
    )


def test_agenda_selection_names_its_region_format_and_month():
    assert (
        describe("events", "region=hauts-de-france&format=en-ligne&mois=2026-12")
        == "Agenda · Hauts-de-France · En ligne · décembre 2026"
    )


def test_publications_selection_names_enum_values_and_several_themes():
    assert (
        describe("publications", f"type=thesis&theme={CHILD}&theme=handicap&annee=2024")
        == "Publications · Thèse · thématique Handicap ou Protection de l'enfance · année 2024"
    )


def test_normalised_query_keeps_only_what_selects_in_one_order():
    chosen = selection.read(
        "resources", QueryDict(f"territoire={NORD}&page=2&tri=date&theme={CHILD}&x=1&theme=%3Cb%3E")
    )

    assert chosen.query_string == f"territoire={NORD}&theme={CHILD}"
    assert chosen.feed_url == f"/ressources/flux/rss/?territoire={NORD}&theme={CHILD}"
    assert chosen.calendar_url == ""


def test_agenda_selection_offers_its_calendar_as_webcal():
    chosen = selection.read("events", QueryDict(f"departement={NORD}"))

    assert chosen.calendar_url == f"/agenda/calendrier.ics?departement={NORD}"
    assert chosen.webcal_url == f"webcal://127.0.0.1:8000/agenda/calendrier.ics?departement={NORD}"


def test_unknown_values_are_named_by_their_slug_and_unknown_lists_refused():
    assert describe("resources", "theme=inconnue") == "Ressources · thématique inconnue"
    with pytest.raises(KeyError):
        selection.read("nulle-part", QueryDict())
