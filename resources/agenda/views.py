import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from resources.agenda import ical
from resources.agenda.models import Event
from resources.agenda.queries import event_query, parse_month, upcoming_months
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
            "alert_query": _params_without(request.GET, "page"),
            "alert_scope": "events",
            "alert_label": _("Agenda"),
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
    return render(
        request,
        "resources/agenda/event_detail.html",
        {
            "event": event,
            "themes": list(event.themes.all()),
            "audiences": list(event.audiences.all()),
            "json_ld": dumps(_event_json_ld(event)),
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


def events_ics_feed(request):
    """The upcoming events of any filtered list, as a calendar people can subscribe to."""
    events = event_query(request.GET).filtered().for_list().order_by("starts_at", "pk")[:500]
    return _ics_response(ical.calendar(events, name=_("Agenda de l'INTS")), "agenda-ints.ics")
