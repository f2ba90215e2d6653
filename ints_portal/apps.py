from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class IntsPortalConfig(AppConfig):
    name = "ints_portal"
    verbose_name = "Portail INTS"

    def ready(self):
        from django.core import checks

        from ints_portal import page_cache, schedules
        from ints_portal.applications import decisions

        page_cache.connect_signals()
        decisions.register()
        checks.register(schedules.check_scheduled_commands)


class IntsAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site class (referenced by its path in INSTALLED_APPS)."""

    default = False
    default_site = "ints_portal.admin_site.IntsAdminSite"
