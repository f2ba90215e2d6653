from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "Soutien à la recherche"

    def ready(self):
        # Labs, projects and publications join the site-wide search (resources.signals).
        # OAI-PMH tombstones and datestamps follow their records (research.oai_deletions);
        # publications and projects can be followed (resources.selection).
        from research import followables, oai_deletions, signals  # noqa: F401
