from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from resources import search, search_cache
from resources.faceting import IndexedFacetedQuery
from resources.models import Audience, Resource, SearchEntry, Theme
from resources.queries import entry_facets
from resources.training.views import featured_practices

SEARCH_FACETS = entry_facets(_("Type de contenu"))
SEARCH_COLUMNS = ["id", "kind_label", "title", "summary", "url", "date"]  # what search.html shows


def home(request):
    latest = Resource.objects.published().for_list().order_by("-publication_date", "-pk")[:6]
    return render(
        request,
        "home.html",
        {
            "audiences": Audience.objects.exclude(persona=""),
            "latest": latest,
            "practices": featured_practices(),
            "themes": Theme.objects.filter(kind="policy"),
        },
    )


def site_search(request):
    query = search.clean_query(request.GET.get("q", ""))
    context = {"query": query, "page_obj": None, "facets": [], "suggestion": None}
    if query:
        search.prefer_index_scans()
        entries = search.match(SearchEntry.objects.visible(), query)
        faceted = IndexedFacetedQuery(entries, SEARCH_FACETS, request.GET)
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
            suggestion=search.suggest(query),
        )
    return render(request, "search.html", context)


PAGES = {
    "accessibility": ("pages/accessibilite.html", _("Déclaration d'accessibilité")),
    "legal": ("pages/mentions_legales.html", _("Mentions légales")),
    "privacy": ("pages/donnees_personnelles.html", _("Données personnelles")),
}


def page(request, key):
    template, title = PAGES[key]
    return render(request, template, {"title": title})


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
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "erreur", "database": "injoignable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
