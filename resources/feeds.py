from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from resources.models import Resource, Theme

FEED_SIZE = 30


class ResourceFeed(Feed):
    """New resources, overall or for one theme (RSS 2.0; AtomResourceFeed for Atom)."""

    def get_object(self, request, theme=None):
        return get_object_or_404(Theme, slug=theme) if theme else None

    def title(self, obj):
        if obj:
            return _("INTS — nouvelles ressources : %(theme)s") % {"theme": obj.name}
        return _("INTS — nouvelles ressources")

    def link(self, obj):
        url = reverse("resources:list")
        return f"{url}?theme={obj.slug}" if obj else url

    def description(self, obj):
        return _(
            "Les dernières ressources publiées par le centre de ressources de l'Institut "
            "national du travail social."
        )

    def items(self, obj):
        queryset = Resource.objects.published().select_related("resource_type")
        if obj:
            queryset = queryset.filter(themes=obj)
        return queryset.order_by("-publication_date", "-pk")[:FEED_SIZE]

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
