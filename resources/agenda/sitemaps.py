from django.contrib.sitemaps import Sitemap

from resources.agenda.models import Event
from resources.models import Territory


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Event.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class RegionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Territory.objects.regions().order_by("code").only("slug")

    def location(self, item):
        from django.urls import reverse

        return reverse("resources:region_detail", args=[item.slug])


SITEMAPS = {"agenda": EventSitemap, "territoires": RegionSitemap}
