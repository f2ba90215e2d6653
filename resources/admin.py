from django.contrib import admin

from resources.models import Audience, Organisation, Resource, ResourceType, Territory, Theme


@admin.register(Audience, Theme, ResourceType)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "territory"]
    search_fields = ["name"]
    autocomplete_fields = ["territory"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "resource_type", "status", "publication_date"]
    search_fields = ["title"]
    autocomplete_fields = ["resource_type", "themes", "audiences", "territories",
                           "source_organisation", "related"]
    prepopulated_fields = {"slug": ["title"]}


# The other rooms of the resource centre register their own admin classes.
from resources.agenda import admin as agenda_admin  # noqa: E402,F401
from resources.engagement import admin as engagement_admin  # noqa: E402,F401
from resources.observatory import admin as observatory_admin  # noqa: E402,F401
from resources.training import admin as training_admin  # noqa: E402,F401
