from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.admin_base import BaseAdmin
from editorial.admin import RevisionsAdmin
from editorial.graph_admin import LINK_INLINES
from research import services
from research.forms import ImportForm, PublicationAdminForm
from research.models import (
    ContractOffer,
    Lab,
    Project,
    ProjectContributor,
    Publication,
    PublicationContributor,
    Researcher,
)


class ResearchModelAdmin(BaseAdmin):
    """The research pillar's admins: the shared back-office base (core/admin_base.py)."""


class ContributorInline(admin.TabularInline):
    extra = 1
    autocomplete_fields = ["researcher"]
    fields = [
        "position",
        "researcher",
        "family_name",
        "given_names",
        "role",
        "visibility",
        "pseudonym",
        "affiliation",
    ]


class PublicationContributorInline(ContributorInline):
    model = PublicationContributor


class ProjectContributorInline(ContributorInline):
    model = ProjectContributor


@admin.register(Lab)
class LabAdmin(ResearchModelAdmin):
    inlines = [*LINK_INLINES]
    list_display = ["name", "acronym", "host_kind", "region", "is_public"]
    list_filter = ["host_kind", "is_public", "region", "themes"]
    list_select_related = ["region"]
    search_fields = ["name", "acronym", "city", "hal_collection"]
    autocomplete_fields = ["host_organisation", "region", "themes"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Researcher)
class ResearcherAdmin(ResearchModelAdmin):
    inlines = [*LINK_INLINES]
    list_display = ["family_name", "given_names", "lab", "role", "public_profile"]
    list_filter = ["public_profile", "lab__region", "themes"]
    list_select_related = ["lab"]
    search_fields = ["family_name", "given_names", "orcid", "idhal"]
    autocomplete_fields = ["lab", "themes", "user"]
    prepopulated_fields = {"slug": ["given_names", "family_name"]}


@admin.register(Project)
class ProjectAdmin(ResearchModelAdmin):
    list_display = ["title", "project_type", "status", "start_date", "is_public"]
    list_filter = ["project_type", "status", "is_public", "themes", "labs__region"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["labs", "partner_organisations", "themes", "territories", "resources"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
    inlines = [ProjectContributorInline]


@admin.register(Publication)
class PublicationAdmin(RevisionsAdmin, ResearchModelAdmin):
    """Publications keep their `is_public` switch (OAI-PMH and citations read it) and gain
    revisions; the authors' list is part of each revision."""

    revision_follow = ["contributors"]
    form = PublicationAdminForm
    change_list_template = "research/admin/publication_change_list.html"
    list_display = ["title", "publication_type", "year", "doi", "author_count", "is_public"]
    list_filter = ["publication_type", "is_public", "year", "themes", "labs"]
    search_fields = ["title", "doi", "hal_id", "contributors__family_name"]
    autocomplete_fields = ["themes", "labs", "projects", "resources"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["file_size", "created_at", "updated_at"]
    inlines = [PublicationContributorInline, *LINK_INLINES]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(author_total=Count("contributors"))

    @admin.display(description=_("contributeur·rices"), ordering="author_total")
    def author_count(self, obj):
        return obj.author_total

    @admin.action(description=_("Publier les publications choisies"), permissions=["change"])
    def publish(self, request, queryset):
        for publication in queryset:
            publication.is_public = True
            publication.save(update_fields=["is_public", "updated_at"])

    @admin.action(
        description=_("Retirer du site les publications choisies"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        for publication in queryset:
            publication.is_public = False
            publication.save(update_fields=["is_public", "updated_at"])

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="research_publication_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Bulk import from BibTeX or RIS, with a report of what was skipped and why."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = services.import_publications(
                text=form.cleaned_data["text"],
                file_format=form.cleaned_data["file_format"],
                make_public=form.cleaned_data["make_public"],
            )
            if not report.skipped:
                messages.success(
                    request, _("%(n)d publication(s) importée(s).") % {"n": len(report.created)}
                )
                return redirect(reverse("admin:research_publication_changelist"))
        return TemplateResponse(
            request,
            "research/admin/publication_import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Importer des publications (BibTeX ou RIS)"),
                "form": form,
                "report": report,
            },
        )


@admin.register(ContractOffer)
class ContractOfferAdmin(ResearchModelAdmin):
    list_display = ["title", "contract_type", "lab", "deadline", "is_public"]
    list_filter = ["contract_type", "is_public", "lab__region"]
    list_select_related = ["lab"]
    search_fields = ["title", "lab__name", "supervisor_name"]
    autocomplete_fields = ["lab", "supervisor", "employer", "themes"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "deadline"


from research.calls import admin as _calls_admin  # noqa: E402, F401  (registers the calls)
from research.questions import admin as _questions_admin  # noqa: E402, F401  (questions de terrain)
