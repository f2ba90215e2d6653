import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_base import BaseAdmin
from core.uploads import validate_upload
from editorial.admin import PublishableAdmin
from editorial.graph_admin import LINK_INLINES
from editorial.status import EditorialStatus
from resources import csv_io
from resources.engagement.models import Feedback, Subscription
from resources.models import (
    Audience,
    EditorScope,
    Organisation,
    Resource,
    ResourceType,
    SearchEntry,
    Territory,
    Theme,
)


@admin.register(Audience, Theme, ResourceType)
class VocabularyAdmin(BaseAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Territory)
class TerritoryAdmin(BaseAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "code", "slug"]
    autocomplete_fields = ["parent"]


@admin.register(Organisation)
class OrganisationAdmin(BaseAdmin):
    list_display = ["name", "kind", "territory", "website"]
    list_filter = ["kind"]
    list_select_related = ["territory"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["territory"]
    prepopulated_fields = {"slug": ["name"]}


class VisibilityFilter(admin.SimpleListFilter):
    title = _("visibilité")
    parameter_name = "visibilite"

    def lookups(self, request, model_admin):
        return [
            ("visible", _("En ligne")),
            ("programmee", _("Programmée")),
            ("en-cours", _("Brouillon, proposée ou en relecture")),
            ("archivee", _("Archivée")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Q(status=EditorialStatus.PUBLISHED)
        return {
            "visible": queryset.filter(published, publication_date__lte=now),
            "programmee": queryset.filter(published, publication_date__gt=now),
            "en-cours": queryset.filter(
                status__in=[EditorialStatus.DRAFT, EditorialStatus.PROPOSED, EditorialStatus.REVIEW]
            ),
            "archivee": queryset.filter(status=EditorialStatus.ARCHIVED),
        }.get(self.value(), queryset)


class CurationFilter(admin.SimpleListFilter):
    title = _("suivi éditorial")
    parameter_name = "suivi"

    def lookups(self, request, model_admin):
        return [("a-relire", _("À relire")), ("lien-casse", _("Lien ou fichier cassé"))]

    def queryset(self, request, queryset):
        if self.value() == "a-relire":
            return queryset.due_for_review()
        if self.value() == "lien-casse":
            return queryset.exclude(link_error="")
        return queryset


class ResourceAdminForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = []  # the admin's fieldsets choose the fields (built with its overrides)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.file_mime = validate_upload(upload)
        return upload


class FeedbackInline(admin.TabularInline):
    model = Feedback
    extra = 0
    can_delete = True
    fields = ["created_at", "useful", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("avis des lecteurs (les plus récents)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Resource)
class ResourceAdmin(PublishableAdmin):
    form = ResourceAdminForm
    list_display = [
        "title",
        "resource_type",
        "status_label",
        "publication_date",
        "updated_at",
        "preview_link",
    ]
    list_filter = [
        VisibilityFilter,
        "status",
        CurationFilter,
        "resource_type",
        "themes",
        "audiences",
        "territories__kind",
        "language",
    ]
    list_select_related = ["resource_type"]
    search_fields = ["title", "slug", "summary", "authors"]
    date_hierarchy = "publication_date"
    autocomplete_fields = [
        "resource_type",
        "themes",
        "audiences",
        "territories",
        "source_organisation",
        "related",
        "owner",
    ]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "file_mime",
        "file_size",
        "created_at",
        "updated_at",
        "created_by",
        "audience_figures",
        "link_checked_at",
        "link_error",
    ]
    # The moves of the editorial workflow are added by PublishableAdmin (one per MOVES entry).
    actions = ["export_csv"]
    inlines = [FeedbackInline, *LINK_INLINES]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "resource_type", "summary", "easy_read_summary", "body"]},
        ),
        (_("Classement"), {"fields": ["themes", "audiences", "territories", "tags"]}),
        (
            _("Source et droits"),
            {"fields": ["source_organisation", "authors", "language", "licence"]},
        ),
        (
            _("Fichier et lien"),
            {
                "fields": [
                    "file",
                    "file_mime",
                    "file_size",
                    "external_url",
                    "link_checked_at",
                    "link_error",
                ]
            },
        ),
        (
            _("Publication"),
            {"fields": ["status", "publication_date", "related", "editorial_history"]},
        ),
        (
            _("Contribution"),
            {"fields": ["contributor", "credit_as", "credit_text", "submitted_at"]},
        ),
        (
            _("Suivi éditorial"),
            {
                "fields": [
                    "owner",
                    "review_interval_days",
                    "last_reviewed_at",
                    "audience_figures",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("statut"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return _("Programmée (%(date)s)") % {
                "date": timezone.localtime(obj.publication_date).strftime("%d/%m/%Y %H:%M")
            }
        return obj.get_status_display()

    @admin.display(description=_("aperçu"))
    def preview_link(self, obj):
        if obj.is_visible:
            return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Voir en ligne"))
        return format_html(
            '<a href="{}">{}</a>', reverse("resources:preview", args=[obj.slug]), _("Prévisualiser")
        )

    @admin.display(description=_("fréquentation (30 derniers jours)"))
    def audience_figures(self, obj):
        if not obj.pk:
            return "—"
        since = timezone.localdate() - datetime.timedelta(days=30)
        totals = obj.stats.filter(day__gte=since).aggregate(v=Sum("views"), d=Sum("downloads"))
        useful = obj.feedback.filter(useful=True).count()
        not_useful = obj.feedback.filter(useful=False).count()
        return _(
            "%(views)s consultations, %(downloads)s téléchargements ; avis : %(yes)s utile, "
            "%(no)s pas utile"
        ) % {
            "views": totals["v"] or 0,
            "downloads": totals["d"] or 0,
            "yes": useful,
            "no": not_useful,
        }

    def view_on_site(self, obj):
        return (
            obj.get_absolute_url()
            if obj.is_visible
            else reverse("resources:preview", args=[obj.slug])
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        mime = getattr(form, "file_mime", None)
        if mime:
            obj.file_mime = mime
            obj.file_size = form.cleaned_data["file"].size
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Exporter en CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return _csv_response(csv_io.export_resources(queryset))

    def get_urls(self):
        urls = [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="resources_resource_import",
            ),
            path(
                "exporter/",
                self.admin_site.admin_view(self.export_view),
                name="resources_resource_export",
            ),
            path(
                "importer/modele.csv",
                self.admin_site.admin_view(self.import_template_view),
                name="resources_resource_import_template",
            ),
        ]
        return urls + super().get_urls()

    def export_view(self, request):
        """Export the change list as currently filtered."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        return _csv_response(csv_io.export_resources(changelist.get_queryset(request)))

    def import_template_view(self, request):
        """A CSV file to fill in: the columns and one example row."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return _csv_response(csv_io.template_csv(), filename="modele-import-ressources.csv")

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CsvImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = csv_io.import_resources(
                    form.cleaned_data["file"].read(), user=request.user
                )
            except csv_io.CsvFormatError as exc:
                form.add_error("file", str(exc))
            else:
                if report.ok:
                    self.message_user(
                        request,
                        ngettext(
                            "%(count)s ressource importée.",
                            "%(count)s ressources importées.",
                            report.created,
                        )
                        % {"count": report.created},
                        messages.SUCCESS,
                    )
                    return redirect("admin:resources_resource_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importer des ressources (CSV)"),
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "columns": csv_io.COLUMNS,
        }
        return TemplateResponse(request, "admin/resources/resource/import.html", context)


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "UTF-8, séparateur « ; » ou « , », 5 Mo au plus. Les valeurs multiples "
            "(thématiques, publics, territoires, mots-clés) sont séparées par « | »."
        ),
    )


def _csv_response(text, filename=None):
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    filename = filename or f"ressources-{timezone.localtime():%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(Subscription)
class SubscriptionAdmin(BaseAdmin):
    list_display = ["email", "scope", "label", "created_at", "confirmed_at", "last_sent_at"]
    list_filter = ["scope", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "label"]
    readonly_fields = [
        "email",
        "scope",
        "query_string",
        "label",
        "created_at",
        "confirmed_at",
        "last_sent_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(EditorScope)
class EditorScopeAdmin(BaseAdmin):
    """Which territories and themes each editor follows (editorial notifications)."""

    list_display = ["user"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["territories", "themes"]
    raw_id_fields = ["user"]


@admin.register(SearchEntry)
class SearchEntryAdmin(BaseAdmin):
    """Read-only view of the search index, for diagnosing what the search sees."""

    list_display = ["title", "kind_label", "date", "is_public"]
    list_filter = ["is_public", "kind_label"]
    search_fields = ["title"]
    fields = ["title", "kind", "kind_label", "url", "date", "is_public", "summary"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The other rooms of the resource centre register their own admin classes.
from resources.agenda import admin as agenda_admin  # noqa: E402,F401
from resources.engagement import admin as engagement_admin  # noqa: E402,F401
from resources.observatory import admin as observatory_admin  # noqa: E402,F401
from resources.training import admin as training_admin  # noqa: E402,F401
