"""One saved query and its three outputs: a small catalogue where each selection keeps some
items and leaves others out."""

from dataclasses import dataclass

import pytest

from resources.agenda.models import Event
from resources.models import Territory, Theme
from tests.factories import PublicationFactory, ResourceFactory
from tests.formats.test_ical import make_event as make_ical_event

CHILD = "protection-de-lenfance"
NORD = "59-nord"


def make_event(title, *, themes=(), **fields):
    """tests/formats/test_ical.py's event, with themes."""
    event = make_ical_event(title, **{"summary": "Une journée d'échanges.", **fields})
    if themes:
        event.themes.set(themes)
    return event


@dataclass
class Catalogue:
    child: Theme
    nord: Territory
    kept_resource: object
    other_resources: list
    nord_event: Event
    past_event: Event
    old_event: Event
    gironde_event: Event
    kept_publication: object
    other_publication: object


@pytest.fixture
def catalogue(db):
    child = Theme.objects.get(slug=CHILD)
    handicap = Theme.objects.get(slug="handicap")
    nord = Territory.objects.get(kind="departement", code="59")
    gironde = Territory.objects.get(kind="departement", code="33")
    kept = ResourceFactory(
        title="Guide de l'accueil des mineurs", themes=[child], territories=[nord]
    )
    others = [
        ResourceFactory(title="Guide national de l'enfance", themes=[child]),
        ResourceFactory(title="Fiche handicap du Nord", themes=[handicap], territories=[nord]),
    ]
    return Catalogue(
        child=child,
        nord=nord,
        kept_resource=kept,
        other_resources=others,
        nord_event=make_event("Journée enfance à Lille", departement=nord, themes=[child]),
        past_event=make_event("Rencontre passée", days=-60, departement=nord, themes=[child]),
        old_event=make_event("Rencontre d'il y a deux ans", days=-730, departement=nord),
        gironde_event=make_event("Journée à Bordeaux", departement=gironde, city="Bordeaux"),
        kept_publication=PublicationFactory(
            title="Mineurs protégés : une enquête",
            themes=[child],
            authors=[("Dupont", "Marie")],
            publication_type="article",
        ),
        other_publication=PublicationFactory(
            title="Handicap et travail", themes=[handicap], authors=[("Martin", "Paul")]
        ),
    )
