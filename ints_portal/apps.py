from django.apps import AppConfig


class IntsPortalConfig(AppConfig):
    name = "ints_portal"
    verbose_name = "Portail INTS"
