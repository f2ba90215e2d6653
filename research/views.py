from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.storage import stored_file_response
from editorial import graph
from research import citations, queries, structured_data
from research.enums import ProjectStatus, QuestionStage
from research.models import (
    ContractOffer,
    FieldQuestion,
    Lab,
    Project,
    ProjectContributor,
    Publication,
    PublicationContributor,
    Researcher,
)
from resources.models import Resource


def _visible(request, queryset, slug, *, perm):
    """The public object, or any object for curators who may view it (preview)."""
    obj = get_object_or_404(queryset, slug=slug)
    if not obj.is_public and not request.user.has_perm(perm):
        raise Http404(_("Cette page n'existe pas ou n'est pas publiée."))
    return obj


def home(request):
    now = timezone.now()
    return render(
        request,
        "research/home.html",
        {
            "labs": list(Lab.objects.public().for_list().order_by("-created_at", "pk")[:4]),
            "lab_count": Lab.objects.public().count(),
            "projects": list(
                Project.objects.public().for_list().filter(status=ProjectStatus.ONGOING)[:4]
            ),
            "publications": list(
                Publication.objects.public().for_list().order_by("-year", "-created_at", "pk")[:6]
            ),
            "contracts": list(ContractOffer.objects.open(at=now).select_related("lab")[:4]),
            "open_questions": list(
                FieldQuestion.objects.published().for_list().filter(stage=QuestionStage.OPEN)[:3]
            ),
        },
    )


def _list(request, kind, template):
    return render(request, template, queries.faceted_page(kind, request.GET))


def lab_list(request):
    return _list(request, "labs", "research/lab_list.html")


def project_list(request):
    return _list(request, "projects", "research/project_list.html")


def publication_list(request):
    return _list(request, "publications", "research/publication_list.html")


def contract_list(request):
    return _list(request, "contracts", "research/contract_list.html")


def lab_detail(request, slug):
    lab = _visible(
        request,
        Lab.objects.select_related("region", "host_organisation"),
        slug,
        perm="research.view_lab",
    )
    themes = list(lab.themes.all())
    publications = lab.publications.public().for_list()
    neighbours = graph.neighbourhood(lab)
    return render(
        request,
        "research/lab_detail.html",
        {
            "lab": lab,
            "themes": themes,
            "researchers": list(lab.researchers.public()),
            "projects": list(lab.projects.public().for_list()),
            "publications": list(publications[:10]),
            "publication_count": publications.count(),
            "contracts": list(lab.contract_offers.open()),
            "resources": list(
                Resource.objects.published()
                .filter(pk__in=Project.objects.public().filter(labs=lab).values("resources"))
                .for_list()[:6]
            ),
            "neighbours": neighbours,
            "json_ld": structured_data.lab_json_ld(lab, themes=themes, neighbours=neighbours),
        },
    )


def project_detail(request, slug):
    project = _visible(
        request, Project.objects.select_related("funding_call"), slug, perm="research.view_project"
    )
    labs = list(project.labs.public().select_related("region"))
    partners = list(project.partner_organisations.all())
    themes = list(project.themes.all())
    neighbours = graph.neighbourhood(project)
    return render(
        request,
        "research/project_detail.html",
        {
            "project": project,
            "labs": labs,
            "partners": partners,
            "themes": themes,
            "territories": list(project.territories.all()),
            "contributors": list(
                ProjectContributor.objects.filter(project=project).select_related("researcher")
            ),
            "publications": list(project.publications.public().for_list()),
            "resources": list(project.resources.published().for_list()),
            "neighbours": neighbours,
            "json_ld": structured_data.project_json_ld(
                project, labs=labs, partners=partners, themes=themes, neighbours=neighbours
            ),
        },
    )


def _publication(request, slug):
    contributors = PublicationContributor.objects.select_related("researcher").order_by(
        "position", "pk"
    )
    queryset = Publication.objects.prefetch_related(Prefetch("contributors", contributors))
    return _visible(request, queryset, slug, perm="research.view_publication")


def publication_detail(request, slug):
    publication = _publication(request, slug)
    labs = list(publication.labs.public().select_related("region"))
    themes = list(publication.themes.all())
    neighbours = graph.neighbourhood(publication)
    return render(
        request,
        "research/publication_detail.html",
        {
            "publication": publication,
            "contributors": list(publication.contributors.all()),
            "labs": labs,
            "themes": themes,
            "projects": list(publication.projects.public()),
            "resources": list(publication.resources.published().for_list()),
            "citation": citations.citation_line(publication),
            "neighbours": neighbours,
            "json_ld": structured_data.publication_json_ld(
                publication, labs=labs, themes=themes, neighbours=neighbours
            ),
        },
    )


def _export(publication, body, content_type, extension):
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{publication.slug}.{extension}"'
    return response


def publication_bibtex(request, slug):
    publication = _publication(request, slug)
    return _export(publication, citations.bibtex(publication), "application/x-bibtex", "bib")


def publication_ris(request, slug):
    publication = _publication(request, slug)
    return _export(
        publication, citations.ris(publication), "application/x-research-info-systems", "ris"
    )


def publication_download(request, slug):
    publication = _publication(request, slug)
    if not publication.file:
        raise Http404(_("Cette publication n'a pas de fichier."))
    return stored_file_response(
        request,
        publication.file,
        filename=f"{publication.slug}.pdf",
        content_type="application/pdf",
    )


def researcher_detail(request, slug):
    # Only researchers who consented to a public profile have a page.
    researcher = get_object_or_404(Researcher.objects.public().select_related("lab"), slug=slug)
    publications = (
        Publication.objects.public()
        .filter(
            pk__in=PublicationContributor.objects.filter(researcher=researcher).values(
                "publication"
            )
        )
        .for_list()
    )
    projects = Project.objects.public().filter(
        pk__in=ProjectContributor.objects.filter(researcher=researcher).values("project")
    )
    return render(
        request,
        "research/researcher_detail.html",
        {
            "researcher": researcher,
            "themes": list(researcher.themes.all()),
            "publications": list(publications),
            "projects": list(projects),
            "neighbours": graph.neighbourhood(researcher),
        },
    )


def contract_detail(request, slug):
    offer = _visible(
        request,
        ContractOffer.objects.select_related("lab", "supervisor", "employer"),
        slug,
        perm="research.view_contractoffer",
    )
    return render(
        request,
        "research/contract_detail.html",
        {
            "offer": offer,
            "themes": list(offer.themes.all()),
        },
    )


EXPORT_FORMATS = {
    "bib": (citations.bibtex_all, "application/x-bibtex"),
    "ris": (citations.ris_all, "application/x-research-info-systems"),
}


def publication_list_export(request, extension):
    """Every publication of the (filtered) list in one BibTeX or RIS file, keys unique."""
    if extension not in EXPORT_FORMATS:
        raise Http404(_("Format d'export inconnu."))
    write, content_type = EXPORT_FORMATS[extension]
    contributors = PublicationContributor.objects.order_by("position", "pk")
    publications = (
        queries.filtered("publications", request.GET)
        .prefetch_related(None)
        .prefetch_related(Prefetch("contributors", contributors))
        .order_by("pk")
    )
    response = HttpResponse(write(publications), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="publications-ints.{extension}"'
    return response
