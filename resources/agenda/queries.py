"""The agenda's filters, shared by the list, its iCalendar feed and the email alerts."""

import datetime
import re

from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from resources.agenda.models import Event
from resources.models import Audience, Territory, Theme
from resources.search.faceting import Facet, FacetedQuery

ONLINE, ON_SITE = "en-ligne", "sur-place"
EVENT_FACETS = [
    Facet(
        "region",
        gettext_lazy("Région"),
        "region__slug",
        "region__name",
        many=False,
        vocabulary=Territory,
    ),
    Facet(
        "departement",
        gettext_lazy("Département"),
        "departement__slug",
        "departement__name",
        many=False,
        vocabulary=Territory,
    ),
    # `format` and `format_label` are annotations (event_query): « En ligne » or « Sur place ».
    Facet(
        "format",
        gettext_lazy("Format"),
        "format",
        "format_label",
        many=False,
        choices=((ONLINE, gettext_lazy("En ligne")), (ON_SITE, gettext_lazy("Sur place"))),
    ),
    Facet(
        "public", gettext_lazy("Public"), "audiences__slug", "audiences__name", vocabulary=Audience
    ),
    Facet("theme", gettext_lazy("Thématique"), "themes__slug", "themes__name", vocabulary=Theme),
]
# Online events can be joined from anywhere: every territory filter keeps them.
TERRITORY_PARAMS = ("region", "departement")
_MONTH = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")


def parse_month(value):
    match = _MONTH.match(value or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def month_bounds(year, month):
    start = timezone.make_aware(datetime.datetime(year, month, 1))
    end = timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 1))
    return start, end


def upcoming_months(count=12, *, today=None):
    today = today or timezone.localdate()
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append((f"{year}-{month:02d}", datetime.date(year, month, 1)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def event_query(params, *, base=None):
    """Filtered upcoming events (or `base`) as a FacetedQuery; the month filter applies first."""
    queryset = base if base is not None else Event.objects.upcoming()
    month = parse_month(params.get("mois"))
    if month:
        start, end = month_bounds(*month)
        queryset = queryset.filter(starts_at__lt=end, ends_at__gte=start)
    queryset = queryset.annotate(
        format=Case(When(is_online=True, then=Value(ONLINE)), default=Value(ON_SITE)),
        format_label=Case(
            When(is_online=True, then=Value(gettext("En ligne"))),
            default=Value(gettext("Sur place")),
        ),
    )
    return EventFacetedQuery(queryset, EVENT_FACETS, params)


class EventFacetedQuery(FacetedQuery):
    """The agenda's filters: a region or département filter keeps the online events, and each
    territory's count says how many events choosing it gives (its own plus the online ones).
    One more query per territory facet than FacetedQuery."""

    def _apply(self, queryset, facet, values):
        if values and facet.param in TERRITORY_PARAMS:
            return queryset.filter(Q(**{f"{facet.path}__in": values}) | Q(is_online=True))
        return super()._apply(queryset, facet, values)

    def results(self):
        results = super().results()
        for result in results:
            if result.facet.param in TERRITORY_PARAMS and result.options:
                self._count_online_everywhere(result)
        return results

    def _count_online_everywhere(self, result):
        path = result.facet.path
        rows = (
            self.filtered(except_facet=result.facet)
            .filter(is_online=True)
            .values(path)
            .annotate(count=Count("pk"))
            .order_by()
        )
        online = {str(row[path]): row["count"] for row in rows}
        everywhere = sum(online.values())
        for option in result.options:
            option.count += everywhere - online.get(option.value, 0)


def attach_events(entries):
    """Set `entry.event` on the search entries that are events (one query when there are):
    their cards show the event's own dates and whether it is past. Returns `entries`."""
    ids = [entry.object_id for entry in entries if entry.kind == "evenement"]
    events = Event.objects.in_bulk(ids) if ids else {}
    for entry in entries:
        entry.event = events.get(entry.object_id) if entry.kind == "evenement" else None
    return entries
