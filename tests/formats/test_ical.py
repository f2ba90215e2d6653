"""The agenda and programme feeds read whole by three independent iCalendar libraries."""

import datetime
import warnings

import icalendar
import ics
import pytest
import vobject
from django.utils import timezone

from hautes_etudes.demo import load_hautes_etudes_demo
from hautes_etudes.models import Edition, Session
from resources.agenda.models import Event
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HARD_NAME = "Ministère du Travail, de la Santé; et des Solidarités : DGCS"


def make_event(title, *, days=10, **fields):
    start = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    defaults = {
        "slug": f"evenement-{Event.objects.count() + 1}",
        "summary": "Une journée, avec virgules; points-virgules : et deux-points.",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=7),
        "status": "published",
        "publication_date": timezone.now() - datetime.timedelta(days=1),
        "venue_name": "Maison des associations",
        "city": "Lille",
    }
    return Event.objects.create(title=title, **{**defaults, **fields})


def read_with_all_clients(raw):
    """Parse with icalendar, ics and vobject; return what each saw, failing on any warning."""
    text = raw.decode("utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        by_icalendar = icalendar.Calendar.from_ical(raw)
        by_ics = ics.Calendar(text)
        by_vobject = vobject.readOne(text)
    return by_icalendar, by_ics, by_vobject


def test_agenda_feed_with_hard_names_reads_in_every_client(client):
    organiser = OrganisationFactory(name=HARD_NAME)
    make_event("Colloque : travail social, territoires; et métiers", organiser=organiser)
    make_event("Webinaire", days=12, is_online=True, venue_name="", online_url="https://x.example")

    response = client.get("/agenda/calendrier.ics")

    assert response.status_code == 200
    by_icalendar, by_ics, by_vobject = read_with_all_clients(response.content)
    first = by_icalendar.walk("VEVENT")[0]
    assert str(first["ORGANIZER"].params["CN"]) == HARD_NAME
    assert str(first["SUMMARY"]) == "Colloque : travail social, territoires; et métiers"
    assert sorted(e.name for e in by_ics.events) == [
        "Colloque : travail social, territoires; et métiers",
        "Webinaire",
    ]
    organiser_line = by_vobject.vevent.organizer
    assert organiser_line.params["CN"] == [HARD_NAME]
    assert len(by_vobject.contents["vevent"]) == 2
    assert 'CN="Ministère' in response.content.decode()


def test_agenda_times_are_local_to_paris_with_a_vtimezone(client):
    start = datetime.datetime(2031, 7, 1, 9, 30, tzinfo=datetime.UTC)
    make_event("Été", starts_at=start, ends_at=start + datetime.timedelta(hours=2), days=0)

    raw = client.get("/agenda/calendrier.ics").content

    by_icalendar, by_ics, by_vobject = read_with_all_clients(raw)
    assert b"DTSTART;TZID=Europe/Paris:20310701T113000\r\n" in raw
    [zone] = by_icalendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    [event] = by_ics.events
    assert event.begin.datetime == start
    assert by_vobject.vevent.dtstart.value == start


def test_event_uid_is_on_the_site_domain_and_revisions_move(client, settings):
    settings.SITE_URL = "https://portail.ints.gouv.fr"
    event = make_event("Journée")
    Event.objects.filter(pk=event.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    first = icalendar.Calendar.from_ical(client.get(f"/agenda/{event.slug}/ics/").content)

    event.title = "Journée (nouvelle salle)"
    event.save()
    second = icalendar.Calendar.from_ical(client.get(f"/agenda/{event.slug}/ics/").content)

    [before], [after] = first.walk("VEVENT"), second.walk("VEVENT")
    assert str(after["UID"]) == f"evenement-{event.pk}@portail.ints.gouv.fr"
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")
    assert after.decoded("DTSTAMP") == after.decoded("LAST-MODIFIED")


def test_cancelled_and_all_day_events(client):
    start = datetime.datetime(2031, 3, 2, 8, 0, tzinfo=datetime.UTC)
    make_event("Annulé", is_cancelled=True, days=0, starts_at=start, ends_at=start)
    make_event(
        "Deux jours",
        all_day=True,
        days=0,
        starts_at=start,
        ends_at=start + datetime.timedelta(days=1),
    )

    raw = client.get("/agenda/calendrier.ics").content

    by_icalendar, by_ics, _by_vobject = read_with_all_clients(raw)
    cancelled, two_days = by_icalendar.walk("VEVENT")
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert two_days.decoded("DTSTART") == datetime.date(2031, 3, 2)
    assert two_days.decoded("DTEND") == datetime.date(2031, 3, 4)
    assert [e.all_day for e in sorted(by_ics.events, key=lambda e: e.name)] == [False, True]


def test_programme_feed_reads_in_every_client(client):
    load_hautes_etudes_demo()
    edition = Edition.objects.current()
    Session.objects.filter(edition=edition).update(title="Séminaire : métiers, droits; publics")

    response = client.get(f"/hautes-etudes/promotions/{edition.slug}/programme.ics")

    assert response.status_code == 200
    by_icalendar, by_ics, by_vobject = read_with_all_clients(response.content)
    count = edition.sessions.count()
    assert len(by_icalendar.walk("VEVENT")) == len(by_ics.events) == count
    assert len(by_vobject.contents["vevent"]) == count
    assert all(e.all_day for e in by_ics.events)
    assert all(str(e["UID"]).endswith("@127.0.0.1") for e in by_icalendar.walk("VEVENT"))


def test_programme_of_an_edition_without_sessions_is_still_a_valid_calendar(client):
    load_hautes_etudes_demo()
    edition = Edition.objects.current()
    edition.sessions.all().delete()

    response = client.get(f"/hautes-etudes/promotions/{edition.slug}/programme.ics")

    by_icalendar, by_ics, by_vobject = read_with_all_clients(response.content)
    assert by_icalendar.walk("VEVENT") == []
    assert [str(z["TZID"]) for z in by_icalendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert list(by_ics.events) == []
    assert by_vobject.vtimezone.tzid.value == "Europe/Paris"
