"""The sitemap index (/sitemap.xml) and its sections, paged whatever the catalogue size.

Every URL is absolute from settings.SITE_URL, never from the request's Host header.
"""

from urllib.parse import urlparse

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.template.response import TemplateResponse
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


SECTIONS = {
    "pages": StaticSitemap,
    "ressources": ResourceSitemap,
    **AGENDA_SITEMAPS,
    **TRAINING_SITEMAPS,
    **OBSERVATORY_SITEMAPS,
    **ENGAGEMENT_SITEMAPS,
    **RESEARCH_SITEMAPS,
    **HAUTES_ETUDES_SITEMAPS,
}


class _SiteDomain:
    """Mixed into every section: its URLs on the site's own domain and scheme."""

    def get_domain(self, site=None):
        return urlparse(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlparse(settings.SITE_URL).scheme or "https"


SITEMAPS = {name: type(cls.__name__, (_SiteDomain, cls), {}) for name, cls in SECTIONS.items()}


def index(request):
    """Every page of every section (`?p=2`… past each section's limit). One COUNT a section."""
    items = []
    for section, sitemap_class in SITEMAPS.items():
        location = settings.SITE_URL + reverse("sitemap_section", kwargs={"section": section})
        pages = sitemap_class().paginator.num_pages
        items += [
            SitemapIndexItem(location if page == 1 else f"{location}?p={page}", None)
            for page in range(1, pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )
