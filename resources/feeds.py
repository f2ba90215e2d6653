"""RSS/Atom feeds of the portal, and the feed links each page advertises.

Every URL in a feed is absolute from settings.SITE_URL, never from the request's Host header;
the self link (`atom:link rel="self"`) is the URL that was asked, query string included, as feed
validators require. Feeds of filtered lists carry the list's query string over. The institute is
the feed's author, so that an Atom entry without authors of its own is still valid (RFC 4287
§4.1.1); conditional requests (If-None-Match, If-Modified-Since) are answered 304.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resources import selection
from resources.agenda.queries import event_query
from resources.models import Theme
from resources.queries import resource_query

FEED_SIZE = 30
_FEED_DATE = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>|<updated>[^<]*</updated>")


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def with_query(path, params):
    query = params.urlencode()
    return path + (f"?{query}" if query else "")


def answer_conditionally(request, response, *, stable, last_modified=None):
    """Give `response` an ETag (a hash of `stable`, its body without what changes on every
    request) and its Last-Modified (a timestamp or None), and answer 304 to a conditional
    request that already has it (feeds and calendars)."""
    response["ETag"] = f'"{hashlib.sha256(stable).hexdigest()[:32]}"'
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )


@dataclass
class FeedScope:
    params: QueryDict  # the selection's normalised query string (resources.selection)
    self_url: str
    theme: Theme | None = None
    followed: selection.Selection | None = None


class SiteFeed(Feed):
    """A feed whose links never depend on the request's host (see the module docstring)."""

    author_name = gettext_lazy("Institut national du travail social")

    def author_link(self):
        return absolute("/")

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed's own date is "now" when it has no item: left out of the ETag, so that an
        # unchanged empty feed is still answered 304.
        stable = _FEED_DATE.sub(b"", response.content, count=1)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return answer_conditionally(request, response, stable=stable, last_modified=last_modified)

    # The followable list (resources.selection) whose selection the feed reads from its query
    # string, as the list page does; feeds of no list read none.
    selection_key = ""

    def get_object(self, request, **kwargs):
        chosen = selection.read(self.selection_key, request.GET) if self.selection_key else None
        return FeedScope(
            params=chosen.params if chosen else QueryDict(),
            self_url=absolute(request.get_full_path()),
            followed=chosen,
            **kwargs,
        )

    def selection_title(self, obj, default):
        """« INTS — <the selection in words> » for a filtered feed, else `default`."""
        if obj.followed is not None and obj.followed.has_filters:
            return _("INTS — %(selection)s") % {"selection": obj.followed.describe()}
        return default

    def feed_url(self, obj):
        return obj.self_url

    def item_link(self, item):
        return absolute(item.get_absolute_url())


class ResourceFeed(SiteFeed):
    """New resources (RSS 2.0; AtomResourceFeed for Atom): overall, for one theme, or for any
    filtered list or search of /ressources/, whose query string the feed URL carries over."""

    selection_key = "resources"

    def get_object(self, request, theme=None):
        theme = get_object_or_404(Theme, slug=theme) if theme else None
        return super().get_object(request, theme=theme)

    def title(self, obj):
        if obj.theme:
            return _("INTS — nouvelles ressources : %(theme)s") % {"theme": obj.theme.name}
        return self.selection_title(obj, _("INTS — nouvelles ressources"))

    def link(self, obj):
        params = obj.params.copy()
        if obj.theme:
            params.setlist("theme", [obj.theme.slug])
        return absolute(with_query(reverse("resources:list"), params))

    def description(self, obj):
        return _(
            "Les dernières ressources publiées par le centre de ressources de l'Institut "
            "national du travail social."
        )

    def items(self, obj):
        queryset = resource_query(obj.params).filtered()
        if obj.theme:
            queryset = queryset.filter(themes=obj.theme)
        return queryset.select_related("resource_type").order_by("-publication_date", "-pk")[
            :FEED_SIZE
        ]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publication_date

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.resource_type.name]

    def item_author_name(self, item):
        return ", ".join(item.author_list) or None

    def item_enclosures(self, item):
        if not item.file:
            return []
        url = absolute(reverse("resources:download", args=[item.slug]))
        mime_type = item.file_mime or "application/octet-stream"
        return [Enclosure(url, str(item.file_size or 0), mime_type)]


class AtomResourceFeed(ResourceFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class EventFeed(SiteFeed):
    """Upcoming events of any filtered agenda (the iCalendar feed beside it: events_ics)."""

    selection_key = "events"

    def title(self, obj):
        return self.selection_title(obj, _("INTS — agenda"))

    def link(self, obj):
        return absolute(with_query(reverse("resources:agenda"), obj.params))

    def description(self, obj):
        return _("Les prochains événements de l'Institut national du travail social.")

    def items(self, obj):
        return event_query(obj.params).filtered().for_list().order_by("starts_at", "pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        when = timezone.localtime(item.starts_at).strftime("%d/%m/%Y %H:%M")
        place = item.place_label
        return f"{when} — {place}. {item.summary}" if place else f"{when}. {item.summary}"

    def item_pubdate(self, item):
        return item.publication_date

    def item_updateddate(self, item):
        return item.updated_at


class SelectionFeed(SiteFeed):
    """The feed of any followable list (resources.selection), from its digest items: a list
    that registers a Followable gets its feed with `SelectionFeed("key")` in its URLs (the
    site-wide search's feed is one)."""

    def __init__(self, key=""):
        super().__init__()
        self.selection_key = key or self.selection_key

    def title(self, obj):
        label = obj.followed.followable.label
        return self.selection_title(obj, _("INTS — %(list)s") % {"list": label})

    def link(self, obj):
        return absolute(obj.followed.list_url)

    def description(self, obj):
        return _("Les nouveautés de la sélection « %(selection)s » sur le portail de l'INTS.") % {
            "selection": obj.followed.describe()
        }

    def items(self, obj):
        return obj.followed.new_items(since=EPOCH, until=timezone.now(), limit=FEED_SIZE)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute(item.url)

    def item_pubdate(self, item):
        return as_datetime(item.date)

    def item_updateddate(self, item):
        return as_datetime(item.updated or item.date)


EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def as_datetime(value):
    """Feeds date their items with instants: a day is its first moment in Paris."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time()))


def feed_links(request):
    """Context processor: the feeds a page advertises (`<link rel="alternate">` in its head),
    and `follow`, the selection a followable list page shows (its « Suivre cette sélection »
    block: includes/follow_selection.html).

    A followable list advertises the feeds of the very selection it shows (resources.selection),
    any other page the site-wide feed of new resources. No query: URL arithmetic only.
    """
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    followable = selection.for_view(view_name)
    if followable is not None:
        follow = selection.read(followable.key, request.GET)
        return {"feed_links": selection_feed_links(follow), "follow": follow}
    rss = "application/rss+xml"
    links = FEED_LINKS.get(view_name, DEFAULT_FEED_LINKS)
    return {
        "feed_links": [
            (kind or rss, str(title), absolute(reverse(name))) for name, kind, title in links
        ],
        "follow": None,
    }


def selection_feed_links(follow):
    label = follow.followable.label
    links = [
        ("application/rss+xml", _("%(list)s : cette sélection (RSS)"), follow.feed_url),
        ("application/atom+xml", _("%(list)s : cette sélection (Atom)"), follow.atom_url),
        ("text/calendar", _("%(list)s : cette sélection (iCalendar)"), follow.calendar_url),
    ]
    return [(kind, title % {"list": label}, absolute(url)) for kind, title, url in links if url]


# view name -> [(feed URL name, MIME type or "" for RSS, title)], for pages that are no
# followable list (those advertise their selection's feeds: selection_feed_links).
FEED_LINKS = {
    "research:call_list": [
        ("research:call_feed", "", gettext_lazy("Appels à projets ouverts (RSS)")),
    ],
}
DEFAULT_FEED_LINKS = [("resources:feed", "", gettext_lazy("Nouvelles ressources (RSS)"))]
