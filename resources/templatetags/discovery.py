"""Template tags of the page head's discovery data (schema.org, social previews)."""

from html.parser import HTMLParser

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from resources.structured_data import dumps

register = template.Library()


class _BreadcrumbLinks(HTMLParser):
    """The (text, href) of each `fr-breadcrumb__link` in rendered breadcrumb HTML."""

    def __init__(self):
        super().__init__()
        self.links, self._current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "fr-breadcrumb__link" in (attrs.get("class") or "").split():
            self._current = [attrs.get("href") or "", ""]

    def handle_data(self, data):
        if self._current is not None:
            self._current[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._current is not None:
            href, text = self._current
            self.links.append((" ".join(text.split()), href))
            self._current = None


def breadcrumb_list(html):
    """schema.org BreadcrumbList of rendered breadcrumb HTML, or None under two items."""
    parser = _BreadcrumbLinks()
    parser.feed(html)
    items = [(text, href) for text, href in parser.links if text]
    if len(items) < 2:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": text,
                **({"item": _absolute(href)} if href else {}),
            }
            for position, (text, href) in enumerate(items, start=1)
        ],
    }


def _absolute(href):
    if href.startswith(("http://", "https://")):
        return href
    return f"{settings.SITE_URL}{href if href.startswith('/') else '/' + href}"


class BreadcrumbNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        data = breadcrumb_list(html)
        if data is None:
            return html
        request = context.get("request")
        nonce = getattr(request, "csp_nonce", "") if request is not None else ""
        script = format_html(
            '<script type="application/ld+json" nonce="{}">{}</script>',
            nonce,
            mark_safe(dumps(data)),
        )
        return mark_safe(html + script)


@register.tag
def breadcrumb_json_ld(parser, token):
    """`{% breadcrumb_json_ld %}…breadcrumb…{% endbreadcrumb_json_ld %}`: the breadcrumb as
    written, followed by the same trail as schema.org BreadcrumbList JSON-LD."""
    nodelist = parser.parse(("endbreadcrumb_json_ld",))
    parser.delete_first_token()
    return BreadcrumbNode(nodelist)
