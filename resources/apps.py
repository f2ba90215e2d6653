from django.apps import AppConfig

from core import page_cache


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Centre de ressources"

    def ready(self):
        # Connect the search indexing of the core and of each room of the resource centre;
        # alert links in emails are rendered at send time (core/links.py); the lists that can be
        # followed register with resources.selection.
        from core import links
        from resources import followables, signals  # noqa: F401
        from resources.agenda import signals as agenda_signals  # noqa: F401
        from resources.engagement import services as engagement
        from resources.engagement import signals as engagement_signals  # noqa: F401
        from resources.observatory import signals as observatory_signals  # noqa: F401
        from resources.training import signals as training_signals  # noqa: F401

        links.register("alert")(engagement.alert_path)
        page_cache.on_hit(_count_cached_view)
        _register_publishable()


def _register_publishable():
    """Resources, events and practices go through the editorial workflow, with revisions; the
    editors of their territory or theme hear of proposals (resources.editors)."""
    from django.utils.translation import gettext_lazy as _

    from editorial import registry
    from resources import editors
    from resources.agenda.models import Event
    from resources.models import Resource
    from resources.training.models import Practice

    registry.register(
        Resource,
        label=_("une ressource"),
        propose_url_name="resources:propose_resource",
        territory_path="territories",
        theme_path="themes",
    )
    registry.register(
        Event,
        label=_("un événement"),
        propose_url_name="resources:propose_event",
        territory_path="region",
        theme_path="themes",
    )
    registry.register(
        Practice,
        label=_("une pratique inspirante"),
        propose_url_name="resources:propose_practice",
        territory_path="territory",
        theme_path="themes",
    )
    registry.set_editors_finder(editors.editors_for)


def _count_cached_view(request, resource_id):
    """A resource page served from the page cache is counted as a view too."""
    from resources.engagement.services import record_hit
    from resources.models import Resource

    record_hit(resource=Resource(pk=resource_id), request=request)
