from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from resources.models import Theme
from resources.queries import resource_query

FEED_SIZE = 30


@dataclass
class FeedScope:
    theme: Theme | None
    params: QueryDict


class ResourceFeed(Feed):
    """New resources (RSS 2.0; AtomResourceFeed for Atom): overall, for one theme, or for any
    filtered list or search of /ressources/, whose query string the feed URL carries over."""

    def get_object(self, request, theme=None):
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("tri", None)
        return FeedScope(
            theme=get_object_or_404(Theme, slug=theme) if theme else None, params=params
        )

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
        query = params.urlencode()
        return reverse("resources:list") + (f"?{query}" if query else "")

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


class AtomResourceFeed(ResourceFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
