"""Back-office of the observatory: datasets with their files, indicators with their values.

Imported by resources/admin.py. Curators enter values inline or import them from CSV; the
import checks every row first and saves nothing if any row is refused.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_base import BaseAdmin
from core.uploads import validate_upload
from editorial.graph_admin import LINK_INLINES
from resources.observatory import coverage, csv_io
from resources.observatory.models import (
    DATA_FILE_TYPES,
    DataPoint,
    Dataset,
    DatasetFile,
    Indicator,
)


class DatasetFileForm(forms.ModelForm):
    class Meta:
        model = DatasetFile
        fields = ["title", "file", "position"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            # A new upload: check its real type (CSV or XLSX) and size, not its name.
            self.instance.file_mime = validate_upload(upload, allowed=DATA_FILE_TYPES)
            self.instance.file_size = upload.size
        return upload


class DatasetFileInline(admin.TabularInline):
    model = DatasetFile
    form = DatasetFileForm
    extra = 0
    fields = ["title", "file", "file_mime", "file_size", "position"]
    readonly_fields = ["file_mime", "file_size"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "kind", "unit", "position", "edit_link"]
    readonly_fields = ["edit_link"]
    show_change_link = True

    @admin.display(description=_("valeurs"))
    def edit_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:resources_indicator_change", args=[obj.pk]),
            _("Saisir ou importer les valeurs"),
        )


@admin.register(Dataset)
class DatasetAdmin(BaseAdmin):
    list_display = ["title", "status", "period", "producer_names", "publication_date"]
    list_filter = ["status", "themes", "licence"]
    list_prefetch_related = ["producers"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["producers", "themes", "territories"]
    date_hierarchy = "publication_date"
    inlines = [DatasetFileInline, IndicatorInline, *LINK_INLINES]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "producers", "themes"]}),
        (_("Couverture"), {"fields": ["period_start", "period_end", "territories"]}),
        (_("Méthode et réutilisation"), {"fields": ["methodology", "licence", "source_url"]}),
        (_("Publication"), {"fields": ["status", "publication_date"]}),
    ]

    @admin.display(description=_("période"), ordering="period_end")
    def period(self, obj):
        return obj.period_label

    @admin.display(description=_("producteurs"))
    def producer_names(self, obj):
        return ", ".join(organisation.name for organisation in obj.producers.all())

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "territories":
            kwargs["help_text"] = _(
                "Les territoires ayant une valeur dans un indicateur y sont ajoutés d'eux-mêmes ; "
                "déclarez ici les autres (France entière, la région d'une enquête régionale)."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The form has just written the declared territories: those with a value stay.
        coverage.sync_coverage(form.instance)


class DataPointFormSet(BaseInlineFormSet):
    def clean(self):
        """Each period (or territory) once: the database would refuse it with an error page."""
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            key = data.get("period") or data.get("territory")
            if key is None:
                continue
            if key in seen:
                raise ValidationError(
                    _("« %(key)s » a deux valeurs : gardez-en une seule.")
                    % {"key": key.strftime("%d/%m/%Y") if hasattr(key, "strftime") else key}
                )
            seen.add(key)


class DataPointInline(admin.TabularInline):
    model = DataPoint
    formset = DataPointFormSet
    extra = 3
    fields = ["period", "territory", "value", "label"]
    autocomplete_fields = ["territory"]
    ordering = ["period", "territory__kind", "territory__code"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("territory")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("UTF-8, séparateur point-virgule (ou virgule), décimales avec une virgule."),
    )
    replace = forms.BooleanField(
        label=_("Supprimer les valeurs absentes du fichier"),
        required=False,
        help_text=_(
            "Sinon les valeurs du fichier s'ajoutent à celles déjà saisies ou les mettent à jour."
        ),
    )


@admin.register(Indicator)
class IndicatorAdmin(BaseAdmin):
    list_display = ["name", "dataset", "kind", "unit", "point_count"]
    list_filter = ["kind", "frequency"]
    list_select_related = ["dataset"]
    search_fields = ["name", "dataset__title"]
    autocomplete_fields = ["dataset"]
    readonly_fields = ["import_link"]
    inlines = [DataPointInline]
    fieldsets = [
        (None, {"fields": ["dataset", "name", "description", "unit", "decimals", "source_note"]}),
        (_("Présentation"), {"fields": ["kind", "chart_type", "frequency", "position"]}),
        (_("Valeurs"), {"fields": ["import_link"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(point_total=Count("points"))

    @admin.display(description=_("valeurs"), ordering="point_total")
    def point_count(self, obj):
        return obj.point_total

    @admin.display(description=_("import CSV"))
    def import_link(self, obj):
        if not obj or not obj.pk:
            return _("Enregistrez l'indicateur pour pouvoir importer ses valeurs.")
        return format_html(
            '<a class="button" href="{}">{}</a> <a href="{}">{}</a>',
            reverse("admin:resources_indicator_import", args=[obj.pk]),
            _("Importer des valeurs depuis un fichier CSV"),
            obj.get_csv_url(),
            _("Télécharger les valeurs actuelles (CSV)"),
        )

    def view_on_site(self, obj):
        return obj.get_absolute_url()

    def get_urls(self):
        return [
            path(
                "<int:pk>/importer/",
                self.admin_site.admin_view(self.import_view),
                name="resources_indicator_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request, pk):
        indicator = Indicator.objects.select_related("dataset").filter(pk=pk).first()
        if indicator is None:
            raise Http404(_("Cet indicateur n'existe pas."))
        if not self.has_change_permission(request, indicator):
            raise PermissionDenied
        report = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = csv_io.import_points(
                    indicator,
                    form.cleaned_data["file"].read(),
                    replace=form.cleaned_data["replace"],
                )
            except csv_io.CsvFormatError as exc:
                form.add_error("file", str(exc))
            else:
                if report.ok:
                    messages.success(
                        request,
                        ngettext(
                            "Import réussi : %(created)s valeur ajoutée, %(updated)s mise à jour, "
                            "%(deleted)s supprimée.",
                            "Import réussi : %(created)s valeurs ajoutées, "
                            "%(updated)s mises à jour, %(deleted)s supprimées.",
                            report.created,
                        )
                        % {
                            "created": report.created,
                            "updated": report.updated,
                            "deleted": report.deleted,
                        },
                    )
                    return redirect("admin:resources_indicator_change", indicator.pk)
        columns = (
            csv_io.TIME_SERIES_COLUMNS if indicator.is_time_series else csv_io.TERRITORY_COLUMNS
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Importer les valeurs de « %(name)s »") % {"name": indicator.name},
            "indicator": indicator,
            "form": form,
            "report": report,
            "columns": columns,
        }
        return TemplateResponse(request, "resources/observatory/admin/import.html", context)
