from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Centre de ressources"

    def ready(self):
        from resources import signals  # noqa: F401  (connects the search indexing)
