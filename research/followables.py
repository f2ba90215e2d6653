"""The research pillar's lists that can be followed (resources.selection): publications and
projects. Registered by research.apps at start-up."""

from django.utils.translation import gettext_lazy as _

from research import queries
from resources import selection
from resources.selection import Followable, FollowItem


def new_publications(params, *, since, until, limit):
    publications = queries.filtered("publications", params).filter(
        created_at__gt=since, created_at__lte=until
    )
    return [
        FollowItem(p.title, p.get_absolute_url(), p.created_at, p.abstract, p.updated_at)
        for p in publications.order_by("-created_at", "-pk")[:limit]
    ]


def new_projects(params, *, since, until, limit):
    projects = queries.filtered("projects", params).filter(
        created_at__gt=since, created_at__lte=until
    )
    return [
        FollowItem(p.title, p.get_absolute_url(), p.created_at, p.summary, p.updated_at)
        for p in projects.order_by("-created_at", "-pk")[:limit]
    ]


PUBLICATIONS = selection.register(
    Followable(
        key="publications",
        label=_("Publications"),
        list_url="research:publication_list",
        facets=lambda: queries.PUBLICATION_FACETS,
        new_items=new_publications,
        feed_url="research:publication_feed",
    )
)
PROJECTS = selection.register(
    Followable(
        key="projects",
        label=_("Projets de recherche"),
        list_url="research:project_list",
        facets=lambda: queries.PROJECT_FACETS,
        new_items=new_projects,
        feed_url="research:project_feed",
    )
)
