"""iCalendar (RFC 5545) output: the agenda's events and the programme of a hautes études edition.

Written with the `icalendar` library so that parameters are quoted (an organiser named
« Ministère du Travail, de la Santé et des Solidarités » stays one CN), text is escaped and lines
folded as every client expects. Times are local to Europe/Paris with its VTIMEZONE, UIDs live on
the site's domain, and DTSTAMP / LAST-MODIFIED / SEQUENCE move when an event changes so that
subscribed calendars replace their copy.
"""

import datetime
import zoneinfo
from urllib.parse import urlparse

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Institut national du travail social//Agenda//FR"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
ORGANISER_ADDRESS = "mailto:agenda@ints.gouv.fr"


def site_domain():
    return urlparse(settings.SITE_URL).hostname or "ints.gouv.fr"


def uid(kind, pk):
    """Stable and globally unique: the kind and key of the object, at the site's domain."""
    return f"{kind}-{pk}@{site_domain()}"


def new_calendar(*, name):
    """A calendar that is never empty: it always carries the Europe/Paris VTIMEZONE."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    return cal


def stamp(component, *, updated_at, sequence):
    moment = (updated_at or timezone.now()).astimezone(datetime.UTC)
    component.add("dtstamp", moment)
    component.add("last-modified", moment)
    component.add("sequence", sequence)


def _location(event):
    if event.is_online and not event.venue_name:
        return event.online_url
    parts = (event.venue_name, event.address, event.postcode, event.city)
    return ", ".join(part for part in parts if part)


def event_component(event):
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    component = icalendar.Event()
    component.add("uid", uid("evenement", event.pk))
    stamp(component, updated_at=event.updated_at, sequence=event.sequence)
    if event.all_day:
        first = timezone.localtime(event.starts_at, PARIS).date()
        last = timezone.localtime(event.ends_at, PARIS).date()
        component.add("dtstart", first)
        component.add("dtend", last + datetime.timedelta(days=1))  # DTEND is exclusive
    else:
        component.add("dtstart", event.starts_at.astimezone(PARIS))
        component.add("dtend", event.ends_at.astimezone(PARIS))
    component.add("summary", event.title)
    component.add("description", f"{event.summary}\n\n{url}")
    component.add("url", url)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    location = _location(event)
    if location:
        component.add("location", location)
    if event.organiser:
        organiser = icalendar.vCalAddress(ORGANISER_ADDRESS)
        organiser.params["cn"] = icalendar.vText(event.organiser.name)
        component.add("organizer", organiser)
    return component


def paris_timezone():
    """Europe/Paris by the EU rule in force since 1996, as calendar clients write it.

    Rules rather than the list of every transition that icalendar can generate: that list stops in
    2038 and some readers (vobject, dateutil) misread it.
    """
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Paris")
    for kind, name, start, offsets, month in (
        (icalendar.TimezoneDaylight, "CEST", (1996, 3, 31, 2), (1, 2), 3),
        (icalendar.TimezoneStandard, "CET", (1996, 10, 27, 3), (2, 1), 10),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", datetime.datetime(*start))
        part.add("tzoffsetfrom", datetime.timedelta(hours=offsets[0]))
        part.add("tzoffsetto", datetime.timedelta(hours=offsets[1]))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def serialise(cal):
    # Always declared, so a calendar of all-day events (or of none) is still well formed.
    cal.subcomponents.insert(0, paris_timezone())
    return cal.to_ical().decode("utf-8")


def calendar(events, *, name):
    cal = new_calendar(name=name)
    for event in events:
        cal.add_component(event_component(event))
    return serialise(cal)
