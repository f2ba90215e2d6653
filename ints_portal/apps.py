from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class IntsPortalConfig(AppConfig):
    """The project on top of the rooms: settings, root URLs, the Celery app, site-wide views.
    An app for its migrations' history (the models they created moved to core and applications,
    keeping their tables), its management commands and the schedule's start-up check."""

    name = "ints_portal"
    verbose_name = "Portail INTS"

    def ready(self):
        from django.core import checks

        from ints_portal import graph, schedules

        checks.register(schedules.check_scheduled_commands)
        graph.declare()


class IntsAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site class (referenced by its path in INSTALLED_APPS)."""

    default = False
    default_site = "ints_portal.admin_site.IntsAdminSite"
