from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "Soutien à la recherche"

    def ready(self):
        # Labs, projects and publications join the site-wide search (resources.signals).
        from research import signals  # noqa: F401
