"""RSS/Atom feeds of the portal, and the feed links each page advertises.

Every URL in a feed is absolute from settings.SITE_URL, never from the request's Host header;
the self link (`atom:link rel="self"`) is the URL that was asked, query string included, as feed
validators require. Feeds of filtered lists carry the list's query string over. The institute is
the feed's author, so that an Atom entry without authors of its own is still valid (RFC 4287
§4.1.1); conditional requests (If-None-Match, If-Modified-Since) are answered 304.
"""

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
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resources.agenda.queries import event_query
from resources.models import Theme
from resources.queries import resource_query

FEED_SIZE = 30
_FEED_DATE = re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>|<updated>[^<]*</updated>")
# Parameters that change a list's order or page, not what it contains.
NOT_FILTERS = ("page", "tri")


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def filters(params):
    params = params.copy()
    for name in NOT_FILTERS:
        params.pop(name, None)
    return params


def with_query(path, params):
    query = params.urlencode()
    return path + (f"?{query}" if query else "")


@dataclass
class FeedScope:
    params: QueryDict
    self_url: str
    theme: Theme | None = None


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
        response["ETag"] = f'"{hashlib.sha256(stable).hexdigest()[:32]}"'
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )

    def get_object(self, request, **kwargs):
        return FeedScope(
            params=filters(request.GET), self_url=absolute(request.get_full_path()), **kwargs
        )

    def feed_url(self, obj):
        return obj.self_url

    def item_link(self, item):
        return absolute(item.get_absolute_url())


class ResourceFeed(SiteFeed):
    """New resources (RSS 2.0; AtomResourceFeed for Atom): overall, for one theme, or for any
    filtered list or search of /ressources/, whose query string the feed URL carries over."""

    def get_object(self, request, theme=None):
        theme = get_object_or_404(Theme, slug=theme) if theme else None
        return super().get_object(request, theme=theme)

    def title(self, obj):
        if obj.theme:
            return _("INTS — nouvelles ressources : %(theme)s") % {"theme": obj.theme.name}
        if obj.params:
            return _("INTS — nouvelles ressources de votre sélection")
        return _("INTS — nouvelles ressources")

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

    def title(self, obj):
        if obj.params:
            return _("INTS — agenda de votre sélection")
        return _("INTS — agenda")

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


def feed_links(request):
    """Context processor: the feeds a page advertises (`<link rel="alternate">` in its head).

    A list page advertises the feed of the very selection it shows (its filters carried over),
    any other page the site-wide feed of new resources. No query: URL arithmetic only.
    """
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    params = filters(request.GET)
    rss = "application/rss+xml"
    links = FEED_LINKS.get(view_name, DEFAULT_FEED_LINKS)
    return {
        "feed_links": [
            (kind or rss, str(title), absolute(with_query(reverse(name), params)))
            if keep_filters
            else (kind or rss, str(title), absolute(reverse(name)))
            for name, kind, title, keep_filters in links
        ]
    }


# view name -> [(feed URL name, MIME type or "" for RSS, title, carries the page's filters)]
FEED_LINKS = {
    "resources:list": [
        ("resources:feed", "", gettext_lazy("Ressources de cette sélection (RSS)"), True),
        ("resources:feed_atom", "application/atom+xml", gettext_lazy("Ressources (Atom)"), True),
    ],
    "resources:agenda": [
        ("resources:events_feed", "", gettext_lazy("Événements de cette sélection (RSS)"), True),
        ("resources:events_ics", "text/calendar", gettext_lazy("Événements (iCalendar)"), True),
    ],
    "research:publication_list": [
        (
            "research:publication_feed",
            "",
            gettext_lazy("Publications de cette sélection (RSS)"),
            True,
        ),
    ],
    "research:call_list": [
        ("research:call_feed", "", gettext_lazy("Appels à projets ouverts (RSS)"), False),
    ],
}
DEFAULT_FEED_LINKS = [("resources:feed", "", gettext_lazy("Nouvelles ressources (RSS)"), False)]
