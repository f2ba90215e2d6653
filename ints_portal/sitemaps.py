from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from hautes_etudes.sitemaps import SITEMAPS as HAUTES_ETUDES_SITEMAPS
from research.sitemaps import SITEMAPS as RESEARCH_SITEMAPS
from resources.agenda.sitemaps import SITEMAPS as AGENDA_SITEMAPS
from resources.engagement.sitemaps import SITEMAPS as ENGAGEMENT_SITEMAPS
from resources.models import Resource
from resources.observatory.sitemaps import SITEMAPS as OBSERVATORY_SITEMAPS
from resources.training.sitemaps import SITEMAPS as TRAINING_SITEMAPS


class StaticSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [
            "home",
            "resources:list",
            "resources:agenda",
            "resources:observatory",
            "resources:training",
            "research:home",
            "hautes_etudes:home",
            "accessibility",
            "legal",
            "privacy",
            "site_map",
        ]

    def location(self, item):
        return reverse(item)


class ResourceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Resource.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "ressources": ResourceSitemap,
    **AGENDA_SITEMAPS,
    **TRAINING_SITEMAPS,
    **OBSERVATORY_SITEMAPS,
    **ENGAGEMENT_SITEMAPS,
    **RESEARCH_SITEMAPS,
    **HAUTES_ETUDES_SITEMAPS,
}
