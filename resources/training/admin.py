from django import forms
from django.contrib import admin

from core.admin_base import BaseAdmin
from core.uploads import validate_upload
from editorial.admin import PublishableAdmin
from editorial.graph_admin import LINK_INLINES
from resources.training.models import (
    CareerBridge,
    Diploma,
    FundingScheme,
    ModuleChapter,
    Practice,
    RncpCode,
    TrainingModule,
    TrainingSchool,
)


class RncpInline(admin.TabularInline):
    model = RncpCode
    extra = 1


@admin.register(Diploma)
class DiplomaAdmin(BaseAdmin):
    list_display = ["abbreviation", "name", "level", "duration"]
    list_filter = ["level", "via_vae", "via_apprenticeship"]
    search_fields = ["abbreviation", "name"]
    prepopulated_fields = {"slug": ["abbreviation"]}
    inlines = [RncpInline]


@admin.register(TrainingSchool)
class TrainingSchoolAdmin(BaseAdmin):
    list_display = ["name", "city", "departement"]
    list_filter = ["departement__parent", "diplomas"]
    list_select_related = ["departement"]
    search_fields = ["name", "city", "slug"]
    autocomplete_fields = ["departement", "diplomas", "organisation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FundingScheme)
class FundingSchemeAdmin(BaseAdmin):
    list_display = ["name", "funder", "is_national", "position"]
    list_filter = ["is_national"]
    search_fields = ["name", "funder"]
    autocomplete_fields = ["regions"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CareerBridge)
class CareerBridgeAdmin(BaseAdmin):
    list_display = ["__str__", "from_diploma", "to_diploma"]
    list_select_related = ["from_diploma", "to_diploma"]
    autocomplete_fields = ["from_diploma", "to_diploma"]


class ChapterForm(forms.ModelForm):
    class Meta:
        model = ModuleChapter
        fields = ["position", "title", "body", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            self.instance.file_mime = validate_upload(upload)
        return upload


class ChapterInline(admin.StackedInline):
    model = ModuleChapter
    form = ChapterForm
    extra = 1


@admin.register(TrainingModule)
class TrainingModuleAdmin(BaseAdmin):
    list_display = ["resource", "duration", "audience"]
    list_select_related = ["resource"]
    search_fields = ["resource__title"]
    autocomplete_fields = ["resource"]
    inlines = [ChapterInline]


@admin.register(Practice)
class PracticeAdmin(PublishableAdmin):
    inlines = [*LINK_INLINES]
    list_display = ["title", "organisation", "territory", "status", "featured"]
    list_filter = ["status", "featured", "themes"]
    list_select_related = ["organisation", "territory"]
    search_fields = ["title", "slug"]
    autocomplete_fields = ["organisation", "territory", "themes"]
    prepopulated_fields = {"slug": ["title"]}
