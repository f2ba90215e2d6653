"""The feed and the calendar of one saved selection, read by clients we did not write:
feedparser for RSS/Atom, icalendar and `ics` for iCalendar."""

import datetime
import warnings

import feedparser
import icalendar
import ics
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from research.models import Publication
from resources.agenda.models import Event
from resources.models import Resource
from tests.factories import DatasetFactory, PublicationFactory, ResourceFactory
from tests.outputs.conftest import CHILD, NORD, make_event

pytestmark = pytest.mark.django_db
SITE = "https://127.0.0.1:8000"


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed, [entry.title for entry in parsed.entries]


def read_calendar(raw):
    """What icalendar and ics read, failing on any warning: {title: (uid, sequence, start)}."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        by_icalendar = icalendar.Calendar.from_ical(raw)
        by_ics = ics.Calendar(raw.decode("utf-8"))
    events = {
        str(e["summary"]): (str(e["uid"]), int(e["sequence"]), e.decoded("dtstart"))
        for e in by_icalendar.walk("VEVENT")
    }
    assert {e.name: e.uid for e in by_ics.events} == {k: v[0] for k, v in events.items()}
    return by_icalendar, events


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            f"/ressources/flux/rss/?theme={CHILD}&territoire={NORD}",
            ["Guide de l'accueil des mineurs"],
        ),
        (
            f"/ressources/flux/atom/?territoire={NORD}&theme={CHILD}",
            ["Guide de l'accueil des mineurs"],
        ),
        (f"/agenda/flux/rss/?departement={NORD}&theme={CHILD}", ["Journée enfance à Lille"]),
        (f"/recherche/publications/flux/rss/?theme={CHILD}", ["Mineurs protégés : une enquête"]),
        ("/rechercher/flux/rss/?q=Bordeaux&type=evenement", ["Journée à Bordeaux"]),
    ],
)
def test_feed_has_exactly_the_items_of_its_selection(client, catalogue, url, expected):
    parsed, found = titles(client, url)

    assert found == expected
    assert parsed.feed.links[0].href.startswith(SITE) or parsed.feed.link.startswith(SITE)


def test_filtered_feed_is_titled_with_its_selection_in_words(client, catalogue):
    parsed, _ = titles(client, f"/ressources/flux/rss/?theme={CHILD}&territoire={NORD}")

    assert parsed.feed.title == "INTS — Ressources · thématique Protection de l'enfance · Nord"


def test_feed_guid_stays_when_an_item_is_retitled_and_it_leaves_when_unpublished(client, catalogue):
    url = f"/ressources/flux/rss/?theme={CHILD}&territoire={NORD}"
    before, _ = titles(client, url)
    resource = catalogue.kept_resource
    resource.title = "Guide de l'accueil des mineurs (édition 2027)"
    resource.save()

    after, found = titles(client, url)
    Resource.objects.filter(pk=resource.pk).update(status="draft")
    _, gone = titles(client, url)

    assert found == ["Guide de l'accueil des mineurs (édition 2027)"]
    assert after.entries[0].id == before.entries[0].id
    assert gone == []


def test_search_feed_guid_stays_when_a_publication_is_retitled(client, catalogue):
    url = "/rechercher/flux/rss/?q=enquête"
    before, _ = titles(client, url)
    publication = Publication.objects.get(pk=catalogue.kept_publication.pk)
    publication.title = "Mineurs protégés : l'enquête complète"
    publication.save()

    after, found = titles(client, url)

    assert found == ["Mineurs protégés : l'enquête complète"]
    assert after.entries[0].id == before.entries[0].id


def test_agenda_calendar_keeps_the_selection_and_the_last_twelve_months(client, catalogue):
    response = client.get(f"/agenda/calendrier.ics?departement={NORD}")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal, events = read_calendar(response.content)
    # Online and Bordeaux events are not of the Nord; the event of two years ago is dropped.
    assert sorted(events) == ["Journée enfance à Lille", "Rencontre passée"]
    assert str(cal["x-wr-calname"]) == "INTS — Agenda · Nord"


def test_search_calendar_holds_the_events_of_the_search(client, catalogue):
    _, events = read_calendar(client.get("/rechercher/calendrier.ics?q=enfance").content)

    assert sorted(events) == ["Journée enfance à Lille"]


def test_calendar_answers_304_by_etag_and_by_date_then_changes_when_an_event_moves(
    client, catalogue
):
    url = f"/agenda/calendrier.ics?departement={NORD}&theme={CHILD}"
    first = client.get(url)
    _, before = read_calendar(first.content)

    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    event = Event.objects.get(pk=catalogue.nord_event.pk)
    event.starts_at += datetime.timedelta(days=7)
    event.ends_at += datetime.timedelta(days=7)
    event.save()
    moved = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    _, after = read_calendar(moved.content)

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304
    assert moved.status_code == 200 and moved["ETag"] != first["ETag"]
    uid, sequence, start = before["Journée enfance à Lille"]
    assert after["Journée enfance à Lille"][0] == uid
    assert after["Journée enfance à Lille"][1] == sequence + 1
    assert after["Journée enfance à Lille"][2] == start + datetime.timedelta(days=7)


def test_unpublished_event_leaves_the_calendar(client, catalogue):
    url = f"/agenda/calendrier.ics?departement={NORD}"
    Event.objects.filter(pk=catalogue.past_event.pk).update(status="draft")

    _, events = read_calendar(client.get(url).content)

    assert sorted(events) == ["Journée enfance à Lille"]


@pytest.mark.parametrize(
    "url",
    [
        f"/agenda/calendrier.ics?departement={NORD}&theme={CHILD}",
        "/rechercher/calendrier.ics?q=journée",
        f"/agenda/flux/rss/?departement={NORD}",
        "/rechercher/flux/rss/?q=guide",
        f"/ressources/flux/atom/?theme={CHILD}",
        f"/recherche/projets/flux/rss/?theme={CHILD}",
        f"/observatoire/flux/rss/?theme={CHILD}",
    ],
)
def test_feed_and_calendar_queries_do_not_grow_with_items(client, catalogue, url):
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    nord = catalogue.nord
    for n in range(6):
        make_event(f"Journée {n}", days=n + 2, departement=nord, themes=[catalogue.child])
        ResourceFactory(title=f"Guide {n}", themes=[catalogue.child])
        PublicationFactory(title=f"Article {n}", themes=[catalogue.child])
        DatasetFactory(title=f"Données {n}", themes=[catalogue.child])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few)


def test_list_pages_offer_the_three_outputs_of_their_selection(client, catalogue):
    page = client.get(f"/agenda/?theme={CHILD}&departement={NORD}&page=1").content.decode()

    query = f"departement={NORD}&amp;theme={CHILD}"
    assert "Suivre cette sélection" in page
    assert f'href="/agenda/flux/rss/?{query}"' in page
    assert f'href="webcal://127.0.0.1:8000/agenda/calendrier.ics?{query}"' in page
    assert f'<input type="hidden" name="query" value="{query}">' in page
    assert '<input type="hidden" name="scope" value="events">' in page


def test_resource_list_and_search_offer_feeds_but_a_calendar_only_with_events(client, catalogue):
    resources = client.get(f"/ressources/?theme={CHILD}").content.decode()
    search = client.get("/rechercher/?q=journée").content.decode()

    assert f'href="/ressources/flux/atom/?theme={CHILD}"' in resources
    assert "webcal:" not in resources
    assert 'href="/rechercher/flux/rss/?q=journ%C3%A9e"' in search
    assert 'href="webcal://127.0.0.1:8000/rechercher/calendrier.ics?q=journ%C3%A9e"' in search


def test_feeds_of_events_date_items_when_published_not_when_they_happen(client, catalogue):
    parsed, _ = titles(client, f"/agenda/flux/rss/?departement={NORD}")
    now = timezone.now()

    for entry in parsed.entries:
        assert datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC) <= now


def test_observatory_selection_has_its_feed_and_its_words(client, catalogue):
    DatasetFactory(
        title="Mesures de protection dans le Nord",
        themes=[catalogue.child],
        territories=[catalogue.nord],
    )
    DatasetFactory(title="Places d'accueil en Gironde")
    url = f"/observatoire/?theme={CHILD}&territoire={NORD}"

    page = client.get(url).content.decode()
    parsed, found = titles(client, f"/observatoire/flux/rss/?territoire={NORD}&theme={CHILD}")

    assert f'href="/observatoire/flux/rss/?territoire={NORD}&amp;theme={CHILD}"' in page
    assert found == ["Mesures de protection dans le Nord"]
    assert parsed.feed.title == "INTS — Observatoire · thématique Protection de l'enfance · Nord"
