from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """One editorial workflow for everything the portal publishes, staff content and outside
    contributions alike: the states, the one `transition()` that writes them, their event log
    and the revisions. Above `accounts` and `core`, below the pillars (tests/portal/test_layers.py);
    the pillars declare which of their models are publishable (editorial.registry)."""

    name = "editorial"
    verbose_name = "Publication éditoriale"

    def ready(self):
        # Contributors' proposals are personal data: export and purge (core/privacy.py).
        from editorial import privacy

        privacy.register()
