"""Sitemaps of this part, merged into /sitemap.xml by ints_portal/sitemaps.py."""

from django.contrib.sitemaps import Sitemap

from resources.observatory.models import Dataset


class DatasetSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 5000

    def items(self):
        return Dataset.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"observatoire": DatasetSitemap}
