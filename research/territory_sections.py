"""What the territory pages (resources.territories) show of research: the questions de
terrain from there, the labs of the région and the projects run there. One query per section."""

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from research.models import FieldQuestion, Lab, Project
from resources.territories import sections

SHOWN = 8


def _region_of(scope):
    return scope.territory if scope.is_region else scope.territory.parent


def _question_url(question):
    # The public question pages come with the questions de terrain (issue 23): until their
    # route exists, the question is listed without a link rather than breaking the page.
    try:
        return reverse("research:question_detail", args=[question.slug])
    except NoReverseMatch:
        return ""


@sections.register
def research_sections(scope):
    questions = (
        FieldQuestion.objects.published()
        .filter(scope.q("territory"))
        .only("title", "slug", "stage")
        .order_by("-publication_date", "-pk")[:SHOWN]
    )
    region = _region_of(scope)
    labs = Lab.objects.public().filter(region=region).only("name", "acronym", "slug", "city")
    projects_in = scope.q("territories")
    if not scope.is_region and region is not None:
        projects_in |= Q(territories=region)
    projects = (
        Project.objects.public()
        .filter(pk__in=Project.objects.filter(projects_in).values("pk"))
        .only("title", "slug", "status")
        .order_by("-start_date", "title")[:SHOWN]
    )
    region_name = region.name if region else ""
    return [
        sections.Section(
            key="questions-de-terrain",
            title=_("Questions de terrain"),
            items=[
                sections.Item(q.title, _question_url(q), q.get_stage_display()) for q in questions
            ],
            empty=_("Aucune question de terrain publiée pour ce territoire."),
        ),
        sections.Section(
            key="laboratoires",
            title=_("Laboratoires de la région"),
            items=[sections.Item(str(lab), lab.get_absolute_url(), lab.city) for lab in labs],
            empty=_("Aucun laboratoire référencé en région %(region)s.") % {"region": region_name},
            more_url=f"{reverse('research:lab_list')}?region={region.slug}" if region else "",
            more_label=_("Les laboratoires de la région"),
        ),
        sections.Section(
            key="projets",
            title=_("Projets de recherche"),
            items=[
                sections.Item(p.title, p.get_absolute_url(), p.get_status_display())
                for p in projects
            ],
            empty=_("Aucun projet de recherche mené dans ce territoire pour le moment."),
        ),
    ]
