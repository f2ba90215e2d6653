from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from resources.agenda.models import Event
from resources.enums import TerritoryKind
from resources.models import Territory


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Event.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class TerritorySitemap(Sitemap):
    """The pages of the régions and départements (resources.territories)."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return (
            Territory.objects.exclude(kind=TerritoryKind.NATIONAL)
            .order_by("kind", "code")
            .only("slug")
        )

    def location(self, item):
        return reverse("resources:territory_detail", args=[item.slug])


SITEMAPS = {"agenda": EventSitemap, "territoires": TerritorySitemap}
