"""schema.org JSON-LD for detail pages, serialised safely for a <script> data block."""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone

from editorial import graph

DEFAULT_IMAGE = "img/partage-ints.png"  # 1200×630, the social preview of every page


def dumps(data):
    """JSON that cannot close the <script> element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def local_datetime(value):
    """An instant as search engines expect it: Paris time with its offset
    (`2027-01-20T14:00:00+01:00`), never UTC, which readers show as the wrong hour."""
    return timezone.localtime(value).isoformat(timespec="seconds")


def local_date(value):
    """The Paris day of an instant (`2027-01-20`): an event at 00:30 in Paris is not the day
    before, as the UTC date would say."""
    return timezone.localtime(value).date().isoformat()


def default_image():
    return absolute(static(DEFAULT_IMAGE))


def _video(resource):
    """What search engines require of a VideoObject beyond a CreativeWork."""
    data = {
        "thumbnailUrl": [default_image()],
        "uploadDate": local_datetime(resource.publication_date),
    }
    if resource.external_url:
        data["contentUrl"] = resource.external_url
    return data


def resource_json_ld(resource, *, themes, neighbours=None):
    data = {
        "@context": "https://schema.org",
        "@type": resource.resource_type.schema_type or "CreativeWork",
        "name": resource.title,
        "headline": resource.title[:110],
        "description": resource.summary,
        "url": absolute(resource.get_absolute_url()),
        "datePublished": local_date(resource.publication_date),
        "dateModified": local_date(resource.updated_at),
        "inLanguage": resource.language,
        "genre": resource.resource_type.name,
        "image": default_image(),
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": "Institut national du travail social",
            "url": settings.SITE_URL,
        },
    }
    if data["@type"] == "VideoObject":
        data.update(_video(resource))
    if resource.licence_url:
        data["license"] = resource.licence_url
    if resource.author_list:
        data["author"] = [{"@type": "Person", "name": name} for name in resource.author_list]
    if resource.source_organisation:
        data["sourceOrganization"] = {
            "@type": "Organization",
            "name": resource.source_organisation.name,
            **(
                {"url": resource.source_organisation.website}
                if resource.source_organisation.website
                else {}
            ),
        }
    keywords = [theme.name for theme in themes]
    if keywords:
        data["keywords"] = ", ".join(keywords)
    if resource.external_url:
        data["sameAs"] = resource.external_url
    return dumps(graph.merge_schema(data, neighbours))
