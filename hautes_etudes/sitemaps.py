# Sitemaps of this app, merged into /sitemap.xml by ints_portal/sitemaps.py.
from django.contrib.sitemaps import Sitemap

from hautes_etudes.models import Edition


class EditionSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Edition.objects.published().order_by("-year")


SITEMAPS = {"hautes-etudes": EditionSitemap}
