from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from core.replica import reads_from_replica
from core.storage import stored_file_response
from core.uploads import EXTENSIONS
from editorial import graph
from resources import search, structured_data
from resources.engagement import services as engagement
from resources.engagement.forms import FeedbackForm
from resources.models import Resource, SearchEntry
from resources.queries import SORTS
from resources.queries import resource_query as resource_query_for
from resources.search import cache as search_cache
from resources.search import help as search_help

PAGE_SIZE = 20


@reads_from_replica
def resource_list(request):
    resource_query = resource_query_for(request.GET)
    if resource_query.query:
        search.prefer_index_scans()
    query = resource_query.query
    ids = resource_query.entry_results()
    if ids is not None:  # page through the search entries, then read that page's resources
        paginator = Paginator(ids, PAGE_SIZE)
    else:
        results = resource_query.results().select_related("resource_type", "source_organisation")
        paginator = Paginator(results.prefetch_related("themes"), PAGE_SIZE)
    paginator.count = resource_query.total()  # from the facet counts: no second count
    page = paginator.get_page(request.GET.get("page"))
    if ids is not None:
        listed = Resource.objects.select_related("resource_type", "source_organisation")
        by_pk = listed.prefetch_related("themes").in_bulk(list(page.object_list))
        page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    excerpts = {}
    if query and page.object_list:
        entries = SearchEntry.objects.filter(
            content_type__app_label="resources",
            content_type__model="resource",
            object_id__in=[resource.pk for resource in page.object_list],
        )
        excerpts = search.snippets(entries, query, key="object_id")
    for resource in page.object_list:
        resource.excerpt = excerpts.get(resource.pk)
    params = request.GET.copy()
    params.pop("page", None)
    help_context = {}
    if query and not paginator.count:
        help_context = search_help.dead_end(
            request=request,
            query=query,
            faceted=resource_query.faceted,
            entries=SearchEntry.objects.visible().filter(
                content_type=ContentType.objects.get_for_model(Resource)
            ),
        )
    return render(
        request,
        "resources/resource_list.html",
        {
            **help_context,
            "page_obj": page,
            "query": query,
            # built only when the facet block is not in the fragment cache
            "facets": SimpleLazyObject(resource_query.facets),
            "facets_key": search_cache.fragment_key(request),
            "has_filters": resource_query.has_filters,
            "estimated": resource_query.faceted.estimated,
            "sort": resource_query.sort,
            "sorts": [(key, label) for key, label in SORTS.items() if query or key != "pertinence"],
            "params_without_sort": _without(params, "tri"),
            "feed_query": params.urlencode(),
        },
    )


def _without(params, key):
    params = params.copy()
    params.pop(key, None)
    return params.urlencode()


def _visible_resource(request, slug):
    """The resource if the public may see it; curators may also preview drafts."""
    resource = get_object_or_404(
        Resource.objects.select_related("resource_type", "source_organisation", "training_module"),
        slug=slug,
    )
    if not resource.is_visible and not request.user.has_perm("resources.view_resource"):
        raise Http404(_("Cette ressource n'existe pas ou n'est pas encore publiée."))
    return resource


def resource_detail(request, slug):
    resource = _visible_resource(request, slug)
    related = Resource.objects.published().filter(pk__in=resource.related.values("pk")).for_list()
    themes = list(resource.themes.all())
    if resource.is_visible:
        engagement.record_hit(resource=resource, request=request)
    module = getattr(resource, "training_module", None)
    neighbours = graph.neighbourhood(resource)
    response = render(
        request,
        "resources/resource_detail.html",
        {
            "resource": resource,
            "themes": themes,
            "audiences": list(resource.audiences.all()),
            "territories": list(resource.territories.all()),
            "tags": list(resource.tags.all()),
            "related_resources": list(related[:6]),
            "neighbours": neighbours,
            "module": module,
            "chapters": list(module.chapters.all()) if module else [],
            "json_ld": structured_data.resource_json_ld(
                resource, themes=themes, neighbours=neighbours
            ),
            "is_preview": not resource.is_visible,
            "easy_read_first": bool(resource.easy_read_summary) and request.GET.get("falc") == "1",
            "feedback_form": FeedbackForm(),
        },
    )
    if resource.is_visible:
        response.ints_page_hit = resource.pk  # counted on cache hits too (ResourcesConfig.ready)
    else:
        response.ints_no_page_cache = True  # a curator's preview
    return response


def serve_attachment(request, obj, *, visible):
    """The file of `obj` (a resources.models.AttachedFile) named after its slug; a 404 without
    one. Not cached by anyone when `obj` is not public (a curator's preview)."""
    if not obj.file:
        raise Http404(_("Aucun fichier n'est joint."))
    extension = EXTENSIONS.get(obj.file_mime, "bin")
    response = stored_file_response(
        request,
        obj.file,
        filename=f"{obj.slug}.{extension}",
        content_type=obj.file_mime or "application/octet-stream",
    )
    if response.status_code == 200:
        response["Cache-Control"] = "max-age=3600" if visible else "private, max-age=0"
    return response


def resource_download(request, slug):
    resource = _visible_resource(request, slug)
    response = serve_attachment(request, resource, visible=resource.is_visible)
    if response.status_code == 200 and resource.is_visible:  # not when the storage is down
        engagement.record_hit(resource=resource, download=True, request=request)
    return response


@staff_member_required
def resource_preview(request, slug):
    """Curators see a draft exactly as it will look once published."""
    return resource_detail(request, slug)
