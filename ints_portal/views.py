import time

import redis
from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core import accessibility, shared_cache
from core.replica import reads_from_replica
from core.tasks import HEARTBEAT_KEY
from resources import search
from resources.followables import SEARCH_FACETS
from resources.models import Audience, Resource, SearchEntry, Theme
from resources.search import cache as search_cache
from resources.search import help as search_help
from resources.search.faceting import IndexedFacetedQuery
from resources.territories.chooser import ChooserForm
from resources.training.views import featured_practices

SEARCH_COLUMNS = [
    "id",
    "kind",
    "object_id",
    "kind_label",
    "title",
    "summary",
    "url",
    "date",
]  # the card


def home(request):
    latest = Resource.objects.published().for_list().order_by("-publication_date", "-pk")[:6]
    return render(
        request,
        "home.html",
        {
            "latest": latest,
            "practices": featured_practices(),
            "themes": Theme.objects.filter(kind="policy"),
            "territory_form": ChooserForm(auto_id="mon-territoire-%s"),
        },
    )


@reads_from_replica
def site_search(request):
    query = search.clean_query(request.GET.get("q", ""))
    context = {"query": query, "page_obj": None, "facets": []}
    if query:
        search.prefer_index_scans()
        visible = SearchEntry.objects.visible()
        faceted = IndexedFacetedQuery(
            search.match(visible, query),
            SEARCH_FACETS,
            request.GET,
            unmatched=search.title_tier_base(visible, query),
        )
        results = search.Ranked(faceted, columns=SEARCH_COLUMNS, entries=True)
        paginator = Paginator(results, 20)
        paginator.count = faceted.total("type")  # from the facet counts: no second count
        page = paginator.get_page(request.GET.get("page"))
        excerpts = search.snippets(
            SearchEntry.objects.filter(pk__in=[entry.pk for entry in page.object_list]), query
        )
        for entry in page.object_list:
            entry.excerpt = excerpts.get(entry.pk)
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            page_obj=page,
            base_query=params.urlencode(),
            facets=SimpleLazyObject(faceted.results),  # built if the facet block is not cached
            facets_key=search_cache.fragment_key(request),
            has_filters=faceted.has_filters,
            estimated=faceted.estimated,  # « environ »: too many matches to count them all
        )
        if not paginator.count:
            context.update(
                search_help.dead_end(
                    request=request,
                    query=query,
                    faceted=faceted,
                    entries=SearchEntry.objects.visible(),
                )
            )
    return render(request, "search.html", context)


PAGES = {
    "accessibility": ("pages/accessibilite.html", _("Déclaration d'accessibilité")),
    "accessibility_plan": (
        "pages/accessibilite_schema.html",
        _("Schéma pluriannuel de mise en accessibilité"),
    ),
    "accessibility_actions": (
        "pages/accessibilite_plan_actions.html",
        _("Plan d'actions annuel d'accessibilité"),
    ),
    "legal": ("pages/mentions_legales.html", _("Mentions légales")),
    "privacy": ("pages/donnees_personnelles.html", _("Données personnelles")),
}


def page(request, key):
    template, title = PAGES[key]
    context = {"title": title}
    if key.startswith("accessibility"):
        context["audit"] = accessibility.load_audit()  # the grid in docs/accessibility/
    return render(request, template, context)


def sitemap_page(request):
    return render(
        request,
        "pages/plan_du_site.html",
        {
            "themes": Theme.objects.all(),
            "audiences": Audience.objects.all(),
        },
    )


@require_GET
@transaction.non_atomic_requests  # an atomic request would fail before the check could answer
def health(request):
    """Database, Redis and a worker heartbeat; 503 naming what is down (for the monitoring)."""
    checks = {
        "database": _database_state(),
        "redis": _redis_state(),
        "worker": _worker_state(),
    }
    down = any(state not in ("ok", "intégré") for state in checks.values())
    return JsonResponse(
        {"status": "erreur" if down else "ok", **checks}, status=503 if down else 200
    )


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "injoignable"
    return "ok"


def _redis_state():
    if not settings.REDIS_URL:
        return "intégré"  # the demo: local memory cache, tasks in the web process
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError:
        return "injoignable"
    return "ok"


def _worker_state():
    if not settings.REDIS_URL:
        return "intégré"
    try:
        beat = shared_cache.strict().get(HEARTBEAT_KEY)
    except shared_cache.CacheUnavailable:
        return "inconnu"  # the heartbeat is in Redis
    if beat is None:
        return "aucun signe de vie"
    if time.time() - beat > 3 * settings.INTS_HEARTBEAT_SECONDS:
        return f"silencieux depuis {int(time.time() - beat)} s"
    return "ok"


@require_GET
@cache_control(max_age=86400)
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /rechercher/",
        # Applicants' own pages; the first page of each application form stays indexable.
        "Disallow: /hautes-etudes/candidater/etapes/",
        "Disallow: /hautes-etudes/candidater/reprendre/",
        "Disallow: /hautes-etudes/candidater/recapitulatif/",
        "Disallow: /hautes-etudes/candidater/suivi/",
        "Disallow: /hautes-etudes/accord-employeur/",
        "Disallow: /recherche/appels/*/candidater/etapes/",
        "Disallow: /recherche/appels/*/candidater/reprendre/",
        "Disallow: /recherche/appels/*/candidater/recapitulatif/",
        "Disallow: /recherche/appels/*/candidater/suivi/",
        # The site's own address, never the Host header the request came with.
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400)
def favicon(request):
    return HttpResponsePermanentRedirect(static("dsfr/dist/favicon/favicon.ico"))


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (settings.CSRF_FAILURE_VIEW): the site's page, in
    French on the DSFR, rather than Django's English « 403 Forbidden »."""
    return render(request, "csrf_failure.html", status=403)
