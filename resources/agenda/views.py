import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from editorial import graph
from resources import selection
from resources.agenda import ical
from resources.agenda.models import Event
from resources.agenda.queries import event_query, parse_month, upcoming_months
from resources.feeds import answer_conditionally
from resources.followables import search_events
from resources.search.facet_ui import Chip
from resources.structured_data import default_image, dumps, local_date, local_datetime

PAGE_SIZE = 20


def _params_without(params, *keys):
    params = params.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()


def event_list(request):
    faceted = event_query(request.GET)
    events = faceted.filtered().for_list().order_by("starts_at", "pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    month = request.GET.get("mois", "") if parse_month(request.GET.get("mois")) else ""
    return render(
        request,
        "resources/agenda/event_list.html",
        {
            "page_obj": page,
            "facets": faceted.results(),
            "has_filters": faceted.has_filters or bool(month),
            "months": upcoming_months(),
            "month": month,
            "extra_chips": _month_chips(request.GET, month),
            "base_query": _params_without(request.GET, "page"),
        },
    )


def _month_chips(params, month):
    """The chosen month as a removable chip, like the facets' options."""
    if not month:
        return []
    year, number = parse_month(month)
    label = date_format(datetime.date(year, number, 1), "F Y")
    return [
        Chip(label=label[:1].upper() + label[1:], url="?" + _params_without(params, "mois", "page"))
    ]


def event_archive(request):
    events = Event.objects.past().for_list().order_by("-starts_at", "-pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "resources/agenda/event_archive.html", {"page_obj": page, "base_query": ""}
    )


def _visible_event(request, slug):
    event = get_object_or_404(Event.objects.for_list(), slug=slug)
    if not event.is_visible and not request.user.has_perm("resources.view_event"):
        raise Http404(_("Cet événement n'existe pas ou n'est pas encore publié."))
    return event


def event_detail(request, slug):
    event = _visible_event(request, slug)
    neighbours = graph.neighbourhood(event)
    return render(
        request,
        "resources/agenda/event_detail.html",
        {
            "event": event,
            "themes": list(event.themes.all()),
            "audiences": list(event.audiences.all()),
            "neighbours": neighbours,
            "json_ld": dumps(graph.merge_schema(_event_json_ld(event), neighbours)),
        },
    )


def _event_json_ld(event):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        # All-day events as dates (the Paris days), others in Paris time with their offset.
        "startDate": (local_date if event.all_day else local_datetime)(event.starts_at),
        "endDate": (local_date if event.all_day else local_datetime)(event.ends_at),
        "url": f"{settings.SITE_URL}{event.get_absolute_url()}",
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "image": [default_image()],
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
        if event.is_online
        else "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": "fr",
    }
    if event.is_online and event.online_url:
        data["location"] = {"@type": "VirtualLocation", "url": event.online_url}
    elif event.venue_name:
        data["location"] = {
            "@type": "Place",
            "name": event.venue_name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address,
                "postalCode": event.postcode,
                "addressLocality": event.city,
                "addressCountry": "FR",
            },
        }
    if event.organiser:
        data["organizer"] = {"@type": "Organization", "name": event.organiser.name}
    if event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
    if event.registration_url and not event.registration_closed:
        data["offers"] = {
            "@type": "Offer",
            "url": event.registration_url,
            "price": "0",
            "priceCurrency": "EUR",
            "availability": "https://schema.org/InStock",
        }
    return data


def _ics_response(text, filename):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, slug):
    event = _visible_event(request, slug)
    return _ics_response(ical.calendar([event], name=event.title), f"{event.slug[:80]}.ics")


# Subscribed calendars keep the events of the last 12 months (people look back at what they
# attended); at most this many events, the latest first.
CALENDAR_PAST = datetime.timedelta(days=365)
CALENDAR_SIZE = 500


def _calendar_feed(request, key, events_of):
    """The calendar of the selection of list `key` in the query string: `events_of(params,
    base)` picks its events among those of the calendar's period. ETag and Last-Modified, 304."""
    follow = selection.read(key, request.GET)
    now = timezone.now()
    base = Event.objects.published(at=now).filter(ends_at__gte=now - CALENDAR_PAST)
    events = events_of(follow.params, base).for_list().order_by("-starts_at", "-pk")
    events = list(events[:CALENDAR_SIZE])[::-1]
    name = _("Agenda de l'INTS")
    if follow.has_filters:
        name = _("INTS — %(selection)s") % {"selection": follow.describe()}
    text = ical.calendar(events, name=name)
    response = _ics_response(text, "agenda-ints.ics")
    latest = max((event.updated_at for event in events), default=None)
    return answer_conditionally(
        request,
        response,
        stable=response.content,
        last_modified=int(latest.timestamp()) if latest else None,
    )


def events_ics_feed(request):
    """Any filtered agenda as a calendar people subscribe to (`webcal:`), past year included."""
    return _calendar_feed(
        request, "events", lambda params, base: event_query(params, base=base).filtered()
    )


def search_ics_feed(request):
    """The events among the results of a site-wide search, as a calendar."""
    return _calendar_feed(request, "search", lambda params, base: search_events(params, base=base))
