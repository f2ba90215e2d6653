from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from ints_portal import sitemaps, views

urlpatterns = [
    path("", views.home, name="home"),
    path("rechercher/", views.site_search, name="search"),
    path("", include("resources.urls")),
    path("", include("editorial.urls")),
    path("recherche/", include("research.urls")),
    path("hautes-etudes/", include("hautes_etudes.urls")),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    # Pages every French public website must have
    path("accessibilite/", views.page, {"key": "accessibility"}, name="accessibility"),
    path(
        "accessibilite/schema-pluriannuel/",
        views.page,
        {"key": "accessibility_plan"},
        name="accessibility_plan",
    ),
    path(
        "accessibilite/plan-d-actions/",
        views.page,
        {"key": "accessibility_actions"},
        name="accessibility_actions",
    ),
    # Browsers ask for /favicon.ico whatever the page says: send them to the DSFR's.
    path("favicon.ico", views.favicon, name="favicon"),
    path("mentions-legales/", views.page, {"key": "legal"}, name="legal"),
    path("donnees-personnelles/", views.page, {"key": "privacy"}, name="privacy"),
    path("plan-du-site/", views.sitemap_page, name="site_map"),
    # For machines
    path("sante/", views.health, name="health"),
    path("robots.txt", views.robots, name="robots"),
    path("oai/", include("research.oai_urls")),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
]
