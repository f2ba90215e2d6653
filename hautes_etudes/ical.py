"""The programme of an edition as an iCalendar file (all-day events, RFC 5545)."""

import datetime

from django.utils import timezone

from resources.agenda.ical import escape, fold


def programme(edition, sessions, *, base_url):
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//INTS//Cycle des hautes etudes//FR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(str(edition))}",
    ]
    for session in sessions:
        place = (
            session.place if session.country == "France" else f"{session.place}, {session.country}"
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:hautes-etudes-session-{session.pk}@ints",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{session.starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{session.ends_on + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(f'{session.get_kind_display()} : {session.title}')}",
            f"LOCATION:{escape(place)}",
            f"DESCRIPTION:{escape(session.content)}",
            f"URL:{base_url}{edition.get_absolute_url()}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
