from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
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


@register.simple_tag(takes_context=True)
def reuse_block(context, name):
    """Render once more the block `name` of the page being extended: one title written once by a
    page serves its <title>, its breadcrumb and its <h1> (Django renders a block only once)."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context else None
    return block.nodelist.render(context) if block else ""
