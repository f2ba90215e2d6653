from django.apps import AppConfig


class HautesEtudesConfig(AppConfig):
    name = "hautes_etudes"
    verbose_name = "Cycle des hautes études"
