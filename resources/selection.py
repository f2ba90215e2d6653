"""One saved query, three outputs: the selection of a filtered list, and what can follow it.

A *selection* is what a visitor sees on a filtered list or on the site-wide search: which list
(a `Followable` registered here), its filters and its text query. The same selection is kept
by an email alert (engagement.Subscription stores the list's key and the normalised query
string), read by the list's RSS/Atom feed and, when the list holds events, by its iCalendar
feed; `Selection.describe()` says it in words (« Ressources · thématique Protection de
l'enfance · Nord ») from the labels of the facets the list already declares.

`read(key, params)` is the one way to read a selection from a query string: the list page (its
« Suivre cette sélection » block), the feeds, the calendars and the digests all go through it.

A list joins by registering from its own room, at start-up (its AppConfig.ready()):

    selection.register(Followable(key="questions", label=_("Questions de terrain"),
        list_url="research:question_list", facets=lambda: QUESTION_FACETS,
        new_items=new_questions, feed_url="research:question_feed"))

and its feed is a `resources.feeds.SelectionFeed` subclass naming that key. The key is stored
in subscriptions: never rename one.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

MAX_VALUE_LENGTH = 200
MAX_QUERY_LENGTH = 1000
# Facets whose values name themselves (a place, a kind of content): « Nord », not « territoire
# Nord ». Other facets are named before their values (« thématique Protection de l'enfance »).
NAMED_ALONE = frozenset({"type", "format", "territoire", "region", "departement"})


@dataclass(frozen=True)
class FollowItem:
    """One item of a digest: what the email lists (path relative to the site)."""

    title: str
    url: str
    date: datetime.datetime | datetime.date | None
    summary: str = ""
    updated: datetime.datetime | None = None  # feeds: when it last changed


@dataclass(frozen=True)
class Followable:
    """A list that can be followed: its facets, its outputs and its news for a digest."""

    key: str  # stored in Subscription.scope: never rename
    label: str  # the list's name, first word of the sentence (« Ressources »)
    list_url: str  # URL name of the list page
    facets: Callable[[], Sequence]  # the list's own Facet declarations (lazy)
    # (params, since=, until=, limit=) -> [FollowItem]: what appeared in (since, until]
    new_items: Callable[..., list]
    feed_url: str = ""  # URL name of its RSS feed
    atom_url: str = ""  # URL name of its Atom feed
    calendar_url: str = ""  # URL name of its iCalendar feed: lists that hold events
    # Keys kept beside `q` and the facets (the agenda's month), each with its words.
    extra_keys: tuple = ()
    describe_extra: Callable[[QueryDict], list] | None = None
    # Rows naming the values of column facets that have no vocabulary (agenda's région).
    label_rows: Callable[[], object] | None = None
    view_names: tuple = field(default=())  # pages that show this list (default: list_url)


_REGISTRY: dict[str, Followable] = {}


def register(followable):
    _REGISTRY[followable.key] = followable
    return followable


def get(key):
    """The followable list `key`, or None."""
    return _REGISTRY.get(key)


def keys():
    return tuple(_REGISTRY)


def for_view(view_name):
    """The followable list a page (by its URL name) shows, or None."""
    for followable in _REGISTRY.values():
        if view_name in (followable.view_names or (followable.list_url,)):
            return followable
    return None


def normalise(followable, params):
    """The part of `params` that selects (text query, the list's facets, its extra keys), with
    keys and values sorted: the same selection always has the same query string."""
    kept = QueryDict(mutable=True)
    facets = {facet.param: facet for facet in followable.facets()}
    for key in sorted(set(params)):
        values = params.getlist(key)
        if key in facets:
            values = [str(v) for v in facets[key].parse(values)]
        elif key in ("q", *followable.extra_keys):
            # Printable characters only: a control character cannot go into a feed (XML 1.0).
            printable = ("".join(ch for ch in v if ch.isprintable()) for v in values[:1])
            values = sorted({" ".join(v.split())[:MAX_VALUE_LENGTH] for v in printable if v})
        else:
            continue
        if values:
            kept.setlist(key, sorted(values))
    while len(kept.urlencode()) > MAX_QUERY_LENGTH:  # drop the last values rather than cut one
        last = list(kept)[-1]
        values = kept.getlist(last)[:-1]
        kept.setlist(last, values) if values else kept.pop(last)
    kept._mutable = False
    return kept


@dataclass(frozen=True)
class Selection:
    followable: Followable
    params: QueryDict  # normalised (see normalise()), immutable

    @property
    def key(self):
        return self.followable.key

    @property
    def query_string(self):
        return self.params.urlencode()

    @property
    def has_filters(self):
        return bool(self.params)

    def _url(self, name):
        if not name:
            return ""
        try:
            path = reverse(name)
        except NoReverseMatch:
            return ""
        return f"{path}?{self.query_string}" if self.params else path

    @property
    def list_url(self):
        return self._url(self.followable.list_url)

    @property
    def feed_url(self):
        return self._url(self.followable.feed_url)

    @property
    def atom_url(self):
        return self._url(self.followable.atom_url)

    @property
    def calendar_url(self):
        return self._url(self.followable.calendar_url)

    @property
    def webcal_url(self):
        """The calendar's address for calendar applications (`webcal:`, which subscribe)."""
        if not self.calendar_url:
            return ""
        host = settings.SITE_URL.split("://", 1)[-1]
        return f"webcal://{host}{self.calendar_url}"

    def new_items(self, *, since, until, limit):
        return self.followable.new_items(self.params, since=since, until=until, limit=limit)

    def describe(self):
        """The selection in words: the list, its text query, then each chosen facet in the
        list's order (« Ressources · thématique Protection de l'enfance · Nord »). At most one
        query per chosen facet with a vocabulary."""
        head = str(self.followable.label)
        query = self.params.get("q", "")
        if query:
            head = _("%(list)s « %(query)s »") % {"list": head, "query": query}
        parts = [head]
        for facet in self.followable.facets():
            values = facet.parse(self.params.getlist(facet.param))
            if not values:
                continue
            names = _(" ou ").join(self._value_names(facet, values))
            if facet.param in NAMED_ALONE:
                parts.append(names)
            else:
                label = str(facet.label)
                parts.append(f"{label[:1].lower()}{label[1:]} {names}")
        if self.followable.describe_extra:
            parts.extend(self.followable.describe_extra(self.params))
        return " · ".join(parts)

    def _value_names(self, facet, values):
        if facet.numeric:
            return [str(v) for v in values]
        labels = facet.value_labels(values)
        missing = [v for v in values if str(v) not in labels]
        if missing and self.followable.label_rows is not None:
            rows = (
                self.followable.label_rows()
                .filter(**{f"{facet.path}__in": missing})
                .values_list(facet.path, facet.label_path)
                .distinct()
            )
            labels.update({str(value): str(label) for value, label in rows})
        return [labels.get(str(v), str(v)) for v in values]


def read(key, params):
    """The selection of list `key` that the query string `params` makes (the one way to read
    it: list pages, feeds, calendars and digests). KeyError for an unknown list."""
    followable = _REGISTRY[key]
    return Selection(followable, normalise(followable, params))
