import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from core.storage import stored_file_response
from core.uploads import EXTENSIONS
from editorial import graph
from resources.observatory import csv_io, datapackage, queries, structured_data
from resources.observatory.models import Dataset, DatasetFile, Indicator

PREVIEW_PERMISSION = "resources.view_dataset"


def _check_visible(request, dataset):
    """The public sees published datasets; curators may also open drafts to check them."""
    if dataset is None:
        raise Http404(_("Ce jeu de données n'existe pas."))
    if not dataset.is_visible and not request.user.has_perm(PREVIEW_PERMISSION):
        raise Http404(_("Ce jeu de données n'existe pas ou n'est pas encore publié."))


def _cache_control(response, dataset):
    response["Cache-Control"] = "max-age=3600" if dataset.is_visible else "private, max-age=0"
    return response


def dataset_list(request):
    return render(
        request, "resources/observatory/dataset_list.html", queries.dataset_page(request.GET)
    )


def dataset_detail(request, slug):
    dataset = queries.dataset_for_page(slug)
    _check_visible(request, dataset)
    neighbours = graph.neighbourhood(dataset)
    return render(
        request,
        "resources/observatory/dataset_detail.html",
        {
            "dataset": dataset,
            "panels": queries.indicator_panels(dataset),
            "neighbours": neighbours,
            "json_ld": structured_data.dataset_json_ld(dataset, neighbours=neighbours),
            "is_preview": not dataset.is_visible,
        },
    )


def indicator_csv(request, slug, pk, international=False):
    """An indicator's data as CSV, in the French convention or the international one."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("dataset"), pk=pk, dataset__slug=slug
    )
    _check_visible(request, indicator.dataset)
    points = list(indicator.points.select_related("territory"))
    dialect = csv_io.INTERNATIONAL if international else csv_io.FRENCH
    response = HttpResponse(
        csv_io.export_points(indicator, points, dialect=dialect),
        content_type="text/csv; charset=utf-8",
    )
    suffix = "-international" if international else ""
    response["Content-Disposition"] = (
        f'attachment; filename="{indicator.dataset.slug[:80]}-indicateur-{indicator.pk}'
        f'{suffix}.csv"'
    )
    return _cache_control(response, indicator.dataset)


def dataset_datapackage(request, slug):
    """The dataset's Frictionless data package: its CSV files, their dialects and types."""
    dataset = Dataset.objects.prefetch_related("indicators").filter(slug=slug).first()
    _check_visible(request, dataset)
    body = json.dumps(datapackage.data_package(dataset), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    return _cache_control(response, dataset)


def dataset_file(request, slug, pk):
    data_file = get_object_or_404(
        DatasetFile.objects.select_related("dataset"), pk=pk, dataset__slug=slug
    )
    _check_visible(request, data_file.dataset)
    extension = EXTENSIONS.get(data_file.file_mime, "bin")
    response = stored_file_response(
        request,
        data_file.file,
        filename=f"{data_file.dataset.slug[:80]}-{data_file.pk}.{extension}",
        content_type=data_file.file_mime or "application/octet-stream",
    )
    if response.status_code != 200:  # the storage is down: a 503 is never cached
        return response
    return _cache_control(response, data_file.dataset)
