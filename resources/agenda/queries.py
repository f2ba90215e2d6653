"""The agenda's filters, shared by the list, its iCalendar feed and the email alerts."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy

from resources.agenda.models import Event
from resources.faceting import Facet, FacetedQuery

EVENT_FACETS = [
    Facet("region", gettext_lazy("Région"), "region__slug", "region__name", many=False),
    Facet(
        "departement",
        gettext_lazy("Département"),
        "departement__slug",
        "departement__name",
        many=False,
    ),
    Facet("public", gettext_lazy("Public"), "audiences__slug", "audiences__name"),
    Facet("theme", gettext_lazy("Thématique"), "themes__slug", "themes__name"),
]
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
    return FacetedQuery(queryset, EVENT_FACETS, params)
