from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "Soutien à la recherche"

    def ready(self):
        # Labs, projects and publications join the site-wide search (resources.signals).
        from research import crosslinks, signals  # noqa: F401  (search index, resource links)
