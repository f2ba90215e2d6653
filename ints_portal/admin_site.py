from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode

from core.two_factor import requires_two_factor, two_factor_view


class IntsAdminSite(admin.AdminSite):
    """The back-office: Django's admin plus a TOTP step for staff who read personal data."""

    site_header = "INTS — back-office"
    site_title = "Back-office INTS"
    index_title = "Administration du portail"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not requires_two_factor(request.user) or request.user.is_verified()

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            user = request.user
            if (
                user.is_active
                and user.is_staff
                and requires_two_factor(user)
                and not user.is_verified()
            ):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('admin:two_factor')}?{query}")
            return inner(request, *args, **kwargs)

        wrapper.__wrapped__ = view
        wrapper.admin_site = self
        return wrapper

    def index(self, request, extra_context=None):
        """The index links each selection's ranking and balance for those who may read them
        (model admins that declare `selection_links`)."""
        links = []
        for model_admin in self._registry.values():
            declared = getattr(model_admin, "selection_links", None)
            if declared and model_admin.can_read_selection(request):
                links.append((model_admin.model._meta.verbose_name_plural, declared()))
        return super().index(request, {**(extra_context or {}), "selection_links": links})

    def get_urls(self):
        return [
            path(
                "double-authentification/",
                lambda request: two_factor_view(request, self),
                name="two_factor",
            ),
            *super().get_urls(),
        ]
