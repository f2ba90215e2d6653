"""Safe rich text: curators write simple HTML, readers get only what is allowed."""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "strong",
    "em",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "abbr",
    "code",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope"}}

_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def sanitize_html(value):
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def strip_html(value):
    """Plain text of a HTML fragment, for indexing and descriptions."""
    if not value:
        return ""
    return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()
