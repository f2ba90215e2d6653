from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """The application-and-review workflow that the cycle (hautes_etudes) and the calls for
    projects (research) share: above the ground (core), below the pillars."""

    name = "applications"
    verbose_name = "Candidatures"

    def ready(self):
        from applications import decisions

        decisions.register()
