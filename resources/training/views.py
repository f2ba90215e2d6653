from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import DsfrFormMixin
from core.storage import stored_file_response
from core.uploads import EXTENSIONS
from editorial import graph
from resources.models import Resource, Territory
from resources.search.faceting import Facet, FacetedQuery
from resources.training.models import (
    CareerBridge,
    Diploma,
    FundingScheme,
    ModuleChapter,
    Practice,
    RncpCode,
    TrainingSchool,
)
from resources.views import serve_attachment

SCHOOL_FACETS = [
    Facet(
        "region",
        gettext_lazy("Région"),
        "departement__parent__slug",
        "departement__parent__name",
        many=False,
    ),
    Facet(
        "departement",
        gettext_lazy("Département"),
        "departement__slug",
        "departement__name",
        many=False,
    ),
    Facet("diplome", gettext_lazy("Diplôme préparé"), "diplomas__slug", "diplomas__abbreviation"),
]


class FinderForm(DsfrFormMixin, forms.Form):
    """ "I want to prepare this diploma near this département": where, and how to fund it."""

    diplome = forms.ModelChoiceField(
        label=gettext_lazy("Le diplôme"),
        queryset=Diploma.objects.all(),
        to_field_name="slug",
        empty_label=gettext_lazy("Choisir un diplôme"),
        widget=forms.Select(attrs={"class": "fr-select"}),
        error_messages={
            "required": gettext_lazy("Choisissez le diplôme que vous voulez préparer."),
            "invalid_choice": gettext_lazy("Choisissez un diplôme de la liste."),
        },
    )
    departement = forms.ModelChoiceField(
        label=gettext_lazy("Votre département"),
        queryset=Territory.objects.departements().order_by("code"),
        to_field_name="slug",
        empty_label=gettext_lazy("Choisir un département"),
        widget=forms.Select(attrs={"class": "fr-select"}),
        error_messages={
            "required": gettext_lazy("Choisissez le département où vous voulez vous former."),
            "invalid_choice": gettext_lazy("Choisissez un département de la liste."),
        },
    )


def _diplomas():
    return Diploma.objects.prefetch_related(
        Prefetch("rncp_codes", queryset=RncpCode.objects.order_by("valid_from"))
    )


def training_home(request):
    # A link may preselect the diploma alone (« Voir les financements de votre région »): that
    # is where the visitor starts, not a search to show with errors.
    searched = "departement" in request.GET
    form = FinderForm(request.GET if searched else None, initial=request.GET.dict())
    answer = None
    if searched and form.is_valid():
        diploma, departement = form.cleaned_data["diplome"], form.cleaned_data["departement"]
        schools = TrainingSchool.objects.filter(diplomas=diploma).select_related("departement")
        nearby = list(schools.filter(departement=departement))
        in_region = list(
            schools.filter(departement__parent=departement.parent_id)
            .exclude(departement=departement)
            .order_by("departement__code", "name")
        )
        answer = {
            "diploma": diploma,
            "departement": departement,
            "nearby": nearby,
            "in_region": in_region,
            "funding": list(FundingScheme.objects.for_place(departement)),
        }
    diplomas = list(_diplomas())
    return render(
        request,
        "resources/training/home.html",
        {
            "form": form,
            "answer": answer,
            "diplomas": diplomas,
            "funding": FundingScheme.objects.filter(is_national=True),
            "bridges": CareerBridge.objects.select_related("from_diploma", "to_diploma"),
        },
    )


def diploma_detail(request, slug):
    diploma = get_object_or_404(_diplomas(), slug=slug)
    schools = (
        TrainingSchool.objects.filter(diplomas=diploma)
        .select_related("departement__parent")
        .order_by("departement__parent__name", "departement__code", "name")
    )
    return render(
        request,
        "resources/training/diploma_detail.html",
        {
            "diploma": diploma,
            "rncp": diploma.rncp_at(),
            "schools": list(schools),
            "bridges_out": list(diploma.bridges_out.select_related("to_diploma")),
            "bridges_in": list(diploma.bridges_in.select_related("from_diploma")),
            "funding": FundingScheme.objects.filter(is_national=True),
        },
    )


def school_list(request):
    faceted = FacetedQuery(TrainingSchool.objects.all(), SCHOOL_FACETS, request.GET)
    schools = (
        faceted.filtered()
        .select_related("departement")
        .prefetch_related("diplomas")
        .order_by("name")
    )
    page = Paginator(schools, 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "resources/training/school_list.html",
        {
            "page_obj": page,
            "facets": faceted.results(),
            "has_filters": faceted.has_filters,
            "base_query": params.urlencode(),
        },
    )


def school_detail(request, slug):
    school = get_object_or_404(
        TrainingSchool.objects.select_related("departement__parent"), slug=slug
    )
    return render(
        request,
        "resources/training/school_detail.html",
        {
            "school": school,
            "diplomas": list(school.diplomas.all()),
        },
    )


def practice_list(request):
    practices = Practice.objects.published().select_related("organisation", "territory")
    page = Paginator(practices, 20).get_page(request.GET.get("page"))
    return render(
        request, "resources/training/practice_list.html", {"page_obj": page, "base_query": ""}
    )


def practice_detail(request, slug):
    practice = get_object_or_404(
        Practice.objects.published().select_related("organisation", "territory"), slug=slug
    )
    return render(
        request,
        "resources/training/practice_detail.html",
        {
            "practice": practice,
            "themes": list(practice.themes.all()),
            "neighbours": graph.neighbourhood(practice),
        },
    )


def practice_download(request, slug):
    """The support a practice was published with (a contribution's file)."""
    practice = get_object_or_404(Practice.objects.published(), slug=slug)
    return serve_attachment(request, practice, visible=True)


def featured_practices(limit=4):
    """For the home page: one query."""
    return list(
        Practice.objects.published()
        .filter(featured=True)
        .select_related("organisation", "territory")[:limit]
    )


def _module_of(request, slug):
    resource = get_object_or_404(Resource.objects.select_related("training_module"), slug=slug)
    if not resource.is_visible and not request.user.has_perm("resources.view_resource"):
        raise Http404(_("Ce module n'existe pas ou n'est pas encore publié."))
    module = getattr(resource, "training_module", None)
    if module is None:
        raise Http404(_("Cette ressource n'est pas un module de formation."))
    return resource, module


def module_print(request, slug):
    resource, module = _module_of(request, slug)
    return render(
        request,
        "resources/training/module_print.html",
        {
            "resource": resource,
            "module": module,
            "chapters": list(module.chapters.all()),
        },
    )


def chapter_file(request, slug, chapter_id):
    _resource, module = _module_of(request, slug)
    chapter = get_object_or_404(ModuleChapter, pk=chapter_id, module=module)
    if not chapter.file:
        raise Http404
    extension = EXTENSIONS.get(chapter.file_mime, "bin")
    return stored_file_response(
        request,
        chapter.file,
        filename=f"{slug[:60]}-chapitre-{chapter.position}.{extension}",
        content_type=chapter.file_mime or "application/octet-stream",
    )
