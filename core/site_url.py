"""Absolute URLs of the portal, always from INTS_SITE_URL, never from the request's Host header.

Emails, feeds, the sitemap, OAI-PMH, iCalendar and JSON-LD all build their links here, so a
forged Host header cannot change what we publish and a missing setting cannot go unnoticed
(settings.py refuses to start production without an https INTS_SITE_URL).
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path_or_url=""):
    """`/ressources/x/` → `https://site/ressources/x/`; an absolute URL is returned unchanged."""
    if urlsplit(path_or_url).scheme:
        return path_or_url
    if path_or_url and not path_or_url.startswith("/"):
        path_or_url = f"/{path_or_url}"
    return f"{settings.SITE_URL}{path_or_url}"


def site_domain():
    """The host name of INTS_SITE_URL (Message-ID, List-Id, OAI identifiers)."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"
