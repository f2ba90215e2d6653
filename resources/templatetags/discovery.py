"""Template tags of the page head's discovery data (schema.org, social previews)."""

import html as html_lib
import re
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


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_DESCRIPTION = re.compile(r'<meta name="description" content="(.*?)">', re.S)
_IMAGE = re.compile(r'<meta property="og:image" content="(.*?)">', re.S)


def _found(pattern, text):
    match = pattern.search(text)
    return " ".join(html_lib.unescape(match.group(1)).split()) if match else ""


class SocialMetaNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        head = self.nodelist.render(context)
        site_name = str(context.get("SITE_NAME") or "")
        title = _found(_TITLE, head).removesuffix(f" — {site_name}") or site_name
        description = _found(_DESCRIPTION, head)
        request = context.get("request")
        tags = [
            ("property", "og:title", title),
            ("property", "og:description", description),
            # From INTS_SITE_URL, like every absolute URL we publish (a cached page included).
            ("property", "og:url", _absolute(request.path) if request is not None else ""),
            ("property", "og:site_name", site_name),
            ("property", "og:locale", "fr_FR"),
            ("name", "twitter:title", title),
            ("name", "twitter:description", description),
            ("name", "twitter:image", _found(_IMAGE, head)),
        ]
        metas = [
            format_html('<meta {}="{}" content="{}">', kind, name, value)
            for kind, name, value in tags
            if value
        ]
        return mark_safe(head + "\n  " + "\n  ".join(metas))


@register.tag
def social_meta(parser, token):
    """`{% social_meta %}<title>…</title><meta name="description" …>…{% endsocial_meta %}`: the
    head's title, description and image as written, followed by the Open Graph and Twitter card
    tags every page type shares (og:title, og:description, og:url, og:locale…), derived from
    them so that no page can lack one or disagree with its own title."""
    nodelist = parser.parse(("endsocial_meta",))
    parser.delete_first_token()
    return SocialMetaNode(nodelist)
