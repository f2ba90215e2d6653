"""What the resource pages show of research: the projects and publications citing them."""

from django.utils.translation import gettext as _

from research.models import Project, Publication
from resources import crosslinks


@crosslinks.register
def research_links(resource):
    projects = Project.objects.public().filter(resources=resource).only("title", "slug")
    publications = Publication.objects.public().filter(resources=resource).only("title", "slug")
    return [
        (_("Projets de recherche liés"), [(p.title, p.get_absolute_url()) for p in projects]),
        (_("Publications liées"), [(p.title, p.get_absolute_url()) for p in publications]),
    ]
