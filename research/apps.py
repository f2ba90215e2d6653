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

        _register_publishable()


def _register_publishable():
    """Questions de terrain go through the editorial workflow. Publications keep `is_public`
    (OAI-PMH, citations and their tombstones read it) and gain revisions only."""
    from django.utils.translation import gettext_lazy as _

    from editorial import registry
    from research.models import FieldQuestion, Publication, PublicationContributor

    registry.register(
        FieldQuestion,
        label=_("une question de terrain"),
        propose_url_name="research:propose_question",
        territory_path="territory",
        theme_path="themes",
    )
    registry.register_revisions(PublicationContributor)
    registry.register_revisions(Publication, follow=("contributors",))
