from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Centre de ressources"

    def ready(self):
        # Connect the search indexing of the core and of each room of the resource centre;
        # alert links in emails are rendered at send time (ints_portal/links.py).
        from ints_portal import links
        from resources import signals  # noqa: F401
        from resources.agenda import signals as agenda_signals  # noqa: F401
        from resources.engagement import services as engagement
        from resources.engagement import signals as engagement_signals  # noqa: F401
        from resources.observatory import signals as observatory_signals  # noqa: F401
        from resources.training import signals as training_signals  # noqa: F401

        links.register("alert")(engagement.alert_path)
