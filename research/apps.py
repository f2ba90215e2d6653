from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "Soutien à la recherche"

    def ready(self):
        # Labs, projects and publications join the site-wide search (resources.signals).
        # OAI-PMH tombstones and datestamps follow their records (research.oai_deletions);
        # publications and projects can be followed (resources.selection); the territory pages
        # list questions, labs and projects (research.territory_sections).
        from research import followables, oai_deletions, signals, territory_sections  # noqa: F401
