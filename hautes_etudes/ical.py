"""The programme of an edition as an iCalendar file: one all-day event per session."""

import datetime

import icalendar
from django.conf import settings

from resources.agenda.ical import new_calendar, serialise, stamp, uid


def session_component(edition, session):
    place = session.place if session.country == "France" else f"{session.place}, {session.country}"
    component = icalendar.Event()
    component.add("uid", uid("hautes-etudes-session", session.pk))
    stamp(component, updated_at=session.updated_at, sequence=session.sequence)
    component.add("dtstart", session.starts_on)
    component.add("dtend", session.ends_on + datetime.timedelta(days=1))  # exclusive
    component.add("summary", f"{session.get_kind_display()} : {session.title}")
    component.add("location", place)
    component.add("description", session.content)
    component.add("url", f"{settings.SITE_URL}{edition.get_absolute_url()}")
    component.add("transp", "TRANSPARENT")
    return component


def programme(edition, sessions):
    cal = new_calendar(name=str(edition))
    for session in sessions:
        cal.add_component(session_component(edition, session))
    return serialise(cal)
