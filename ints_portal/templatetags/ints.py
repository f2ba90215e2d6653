from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def isodatetime(value):
    """A machine-readable date for <time datetime>, to the second (HTML allows no microseconds)."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.filter
def get_item(mapping, key):
    """`mapping[key]` in a template, None when missing."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
