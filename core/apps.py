from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: services every room uses (mail and its outbox, task plumbing, roles,
    two-factor, client address, uploads, CSV, the page cache, the replica router). It imports no
    other app of the project; the apps above register with it (tests/portal/test_layers.py)."""

    name = "core"
    verbose_name = "Services communs"

    def ready(self):
        from core import page_cache

        page_cache.connect_signals()
