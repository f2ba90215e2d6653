"""The research pillar's lists that can be followed (resources.selection): publications,
projects and questions de terrain. Registered by research.apps at start-up."""

from django.utils.translation import gettext_lazy as _

from research import queries
from resources import selection
from resources.selection import Followable, FollowItem


def news_of(kind, *, summary):
    """The digest items of the research list `kind` (research.queries): what was put on the
    site in (since, until], newest first; `summary` names the field that sums an item up."""

    def new_items(params, *, since, until, limit):
        rows = queries.filtered(kind, params).filter(created_at__gt=since, created_at__lte=until)
        return [
            FollowItem(
                row.title,
                row.get_absolute_url(),
                row.created_at,
                getattr(row, summary),
                row.updated_at,
            )
            for row in rows.order_by("-created_at", "-pk")[:limit]
        ]

    return new_items


PUBLICATIONS = selection.register(
    Followable(
        key="publications",
        label=_("Publications"),
        list_url="research:publication_list",
        facets=lambda: queries.PUBLICATION_FACETS,
        new_items=news_of("publications", summary="abstract"),
        feed_url="research:publication_feed",
    )
)
PROJECTS = selection.register(
    Followable(
        key="projects",
        label=_("Projets de recherche"),
        list_url="research:project_list",
        facets=lambda: queries.PROJECT_FACETS,
        new_items=news_of("projects", summary="summary"),
        feed_url="research:project_feed",
    )
)


def _new_questions(params, *, since, until, limit):
    """Questions de terrain published in (since, until]: a contribution is dated from its
    publication, not from its draft."""
    rows = queries.filtered("questions", params).filter(
        publication_date__gt=since, publication_date__lte=until
    )
    return [
        FollowItem(
            row.title, row.get_absolute_url(), row.publication_date, row.context, row.updated_at
        )
        for row in rows.order_by("-publication_date", "-pk")[:limit]
    ]


QUESTIONS = selection.register(
    Followable(
        key="questions",
        label=_("Questions de terrain"),
        list_url="research:question_list",
        facets=lambda: queries.QUESTION_FACETS,
        new_items=_new_questions,
        feed_url="research:question_feed",
    )
)
