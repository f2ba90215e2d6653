"""Contributors in the back-office: who they are (names, SIRET, how they last signed in).

Read-only: a profile comes from ProConnect's claims or an emailed link, never typed by staff.
Staff see it with the « view » permission of the model; the links are not shown at all (they
hold nothing useful once sent, and the purge removes them)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.models import ContributorProfile
from core.admin_base import BaseAdmin


@admin.register(ContributorProfile)
class ContributorProfileAdmin(BaseAdmin):
    list_display = ["__str__", "email", "siret", "last_sign_in_method", "last_sign_in_at"]
    list_filter = ["last_sign_in_method"]
    list_select_related = ["user"]
    search_fields = ["user__email", "given_name", "usual_name", "siret"]
    readonly_fields = [
        "user",
        "sub",
        "siret",
        "given_name",
        "usual_name",
        "created_at",
        "last_sign_in_at",
        "last_sign_in_method",
    ]
    fields = readonly_fields

    @admin.display(description=_("adresse électronique"), ordering="user__email")
    def email(self, profile):
        return profile.user.email

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
