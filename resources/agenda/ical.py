"""iCalendar (RFC 5545) output for events: one event, or a feed of a filtered list.

Written by hand because it is small: CRLF line ends, lines folded at 75 octets, text escaped,
times in UTC so no VTIMEZONE is needed, a stable UID per event.
"""

import datetime

from django.conf import settings
from django.utils import timezone

PRODID = "-//Institut national du travail social//Agenda//FR"


def escape(text):
    return (
        (text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Split a content line into 75-octet pieces without cutting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    pieces, current, limit = [], b"", 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            pieces.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += encoded
    pieces.append(current.decode("utf-8"))
    return "\r\n ".join(pieces)


def utc(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event):
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    location = (
        event.online_url
        if event.is_online and not event.venue_name
        else ", ".join(
            part for part in (event.venue_name, event.address, event.postcode, event.city) if part
        )
    )
    lines = [
        "BEGIN:VEVENT",
        f"UID:evenement-{event.pk}@ints.gouv.fr",
        f"DTSTAMP:{utc(event.updated_at or timezone.now())}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape(event.title)}",
        f"DESCRIPTION:{escape(event.summary + chr(10) + chr(10) + url)}",
        f"URL:{url}",
    ]
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    if event.organiser:
        lines.append(f"ORGANIZER;CN={escape(event.organiser.name)}:mailto:agenda@ints.gouv.fr")
    lines.append("END:VEVENT")
    return lines


def calendar(events, *, name):
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Europe/Paris",
    ]
    for event in events:
        lines.extend(event_lines(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
