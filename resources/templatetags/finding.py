"""Template tags of the find-it pieces: the facet component and the facts of search results."""

from django import template

from resources.agenda.queries import attach_events
from resources.search import facet_ui

register = template.Library()


@register.simple_tag(takes_context=True)
def facet_groups(context, results):
    """`{% facet_groups facets as groups %}`: the facets as shown (resources.search.facet_ui)."""
    return facet_ui.facet_groups(results or [], _params(context))


@register.simple_tag(takes_context=True)
def filter_chips(context, results, extra=None):
    """`{% filter_chips facets extra_chips as chips %}`: the active filters, removable."""
    return facet_ui.filter_chips(results or [], extra or (), _params(context))


def _params(context):
    request = context.get("request")
    return request.GET if request is not None else None


@register.simple_tag
def with_event_facts(entries):
    """Give each event among the search entries of a page its event (`entry.event`, one query
    when the page has events), so the card shows the event's own dates; returns `entries`."""
    return attach_events(entries)
