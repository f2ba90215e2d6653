"""What is new in the agenda for an email alert (resources.engagement.services)."""

from resources.agenda.models import Event
from resources.agenda.queries import event_query


def new_items(params, *, since, until, limit):
    events = (
        event_query(params, base=Event.objects.upcoming(at=until))
        .filtered()
        .filter(publication_date__gt=since)
    )
    return [
        {"title": e.title, "url": e.get_absolute_url(), "date": e.starts_at, "summary": e.summary}
        for e in events.order_by("starts_at", "pk")[:limit]
    ]
