"""Template helpers for accessibility: the error summary's links and the statement's state."""

from django import template

from core import accessibility
from core.forms import GROUP_WIDGETS

register = template.Library()

# The anti-robot field every public form carries is aria-hidden: never link to it.
HONEYPOT = "website"


@register.filter
def error_anchor(bound):
    """The id the error summary links to for a field in error: the field itself, or the first
    choice of a group of radios or checkboxes; '' for fields nobody can reach."""
    if bound.is_hidden or bound.name == HONEYPOT:
        return ""
    if isinstance(bound.field.widget, GROUP_WIDGETS):
        choices = bound.subwidgets
        return choices[0].id_for_label if choices else bound.auto_id
    return bound.id_for_label


@register.simple_tag
def accessibility_state():
    """The conformity state computed from the audit grid (« partiellement conforme »…)."""
    return accessibility.load_audit().state_label


@register.filter
def chosen_filters(facets):
    """The filters chosen on a faceted list, for its <title> (RGAA 8.6): « : Aller-vers, Nord »;
    '' without filters."""
    labels = [str(option.label) for facet in facets or () for option in facet.selected_options]
    return f" : {', '.join(labels)}" if labels else ""
