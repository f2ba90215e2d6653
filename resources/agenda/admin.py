from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin import PublishableAdmin
from editorial.graph_admin import LINK_INLINES
from resources.agenda.models import Event


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    inlines = [*LINK_INLINES]
    list_display = ["title", "starts_at", "place_label", "region", "status", "registration_closed"]
    list_filter = ["status", "is_online", "region", "themes", "audiences", "registration_closed"]
    list_select_related = ["region", "departement"]
    search_fields = ["title", "slug", "city", "venue_name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = [
        "region",
        "departement",
        "organiser",
        "audiences",
        "themes",
    ]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (_("Dates"), {"fields": ["starts_at", "ends_at", "all_day", "is_cancelled"]}),
        (
            _("Lieu"),
            {
                "fields": [
                    "is_online",
                    "online_url",
                    "venue_name",
                    "address",
                    "postcode",
                    "city",
                    "region",
                    "departement",
                ]
            },
        ),
        (
            _("Public et inscription"),
            {
                "fields": [
                    "organiser",
                    "audiences",
                    "themes",
                    "capacity",
                    "registration_url",
                    "registration_closed",
                ]
            },
        ),
        (_("Publication"), {"fields": ["status", "publication_date", "editorial_history"]}),
        (
            _("Contribution"),
            {"fields": ["contributor", "credit_as", "credit_text", "submitted_at"]},
        ),
    ]
