"""The linked graph, declared in one place: which records take part and the kinds of link
between them (the machinery: editorial/graph.py). Loaded by IntsPortalConfig.ready().

Each kind reads « source → target »; its `label` heads the targets on the source's page, its
`inverse_label` the sources on the target's page. Kinds with a `field` are the relations the
pillars already had (foreign keys, many-to-many): their public URLs, OAI records and exports are
unchanged, and `on_source_page`/`on_target_page` say where a page already shows them as cards.
The others are rows of editorial.Link, made by editors from either side in the back-office.

Alumni (hautes_etudes.Auditor) take part only with their public consent, in a published
edition: applicants (hautes_etudes.Application) never do.
"""

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from editorial.graph import register_kind, register_node
from research.structured_data import grant


def _event_line(event):
    place = event.city or (_("en ligne") if event.is_online else "")
    return ", ".join(filter(None, [date_format(event.starts_at, "j F Y"), str(place)]))


def _auditor_line(auditor):
    return ", ".join(filter(None, [auditor.position, auditor.organisation, str(auditor.edition)]))


def declare():
    _nodes()
    _kinds()


def _nodes():
    register_node("resources.resource", public=lambda qs: qs.published())
    register_node(
        "resources.practice",
        public=lambda qs: qs.published(),
        select_related=("territory",),
        describe=lambda practice: practice.territory.name,
    )
    register_node(
        "resources.event",
        public=lambda qs: qs.published(),
        schema_type="Event",
        describe=_event_line,
    )
    register_node("resources.dataset", public=lambda qs: qs.published(), schema_type="Dataset")
    register_node(
        "research.fieldquestion",
        public=lambda qs: qs.published(),
        schema_type="Question",
        select_related=("territory",),
        describe=lambda question: question.territory.name if question.territory else "",
    )
    register_node("research.call", public=lambda qs: qs.public(), schema=grant)
    register_node("research.project", public=lambda qs: qs.public(), schema_type="ResearchProject")
    register_node(
        "research.lab",
        public=lambda qs: qs.public(),
        search_fields=("name", "acronym"),
        schema_type="Organization",
    )
    register_node(
        "research.researcher",
        public=lambda qs: qs.public(),
        search_fields=("family_name", "given_names"),
        schema_type="Person",
        describe=lambda researcher: researcher.role,
    )
    register_node(
        "research.publication", public=lambda qs: qs.public(), describe=lambda p: str(p.year)
    )
    register_node(
        "hautes_etudes.edition",
        public=lambda qs: qs.published(),
        search_fields=("name", "theme"),
        schema_type="EducationalOccupationalProgram",
    )
    register_node(
        "hautes_etudes.auditor",
        public=lambda qs: qs.filter(Q(public_consent=True) & Q(edition__is_published=True)),
        search_fields=("name", "organisation"),
        schema_type="Person",
        select_related=("edition",),
        describe=_auditor_line,
    )


def _kinds():
    # Research-action: from the field's question to the project, its results and their uses.
    register_kind(
        "practice_from_question",
        "resources.practice",
        "research.fieldquestion",
        label=_("Issue de"),
        inverse_label=_("À l'origine de"),
        schema="isBasedOn",
    )
    register_kind(
        "question_lab",
        "research.fieldquestion",
        "research.lab",
        field="lab",
        label=_("Prise en charge par"),
        inverse_label=_("Questions de terrain prises en charge"),
    )
    register_kind(
        "question_project",
        "research.fieldquestion",
        "research.project",
        field="project",
        label=_("Le projet qui y répond"),
        inverse_label=_("Répond à la question de terrain"),
        schema="subjectOf",
    )
    register_kind(
        "call_from_question",
        "research.call",
        "research.fieldquestion",
        label=_("Issu de"),
        inverse_label=_("À l'origine de"),
        schema="about",
    )
    register_kind(
        "project_call",
        "research.project",
        "research.call",
        field="funding_call",
        label=_("Financé par"),
        inverse_label=_("Projets financés"),
        on_source_page=False,  # the project page names its call; the call page lists projects
        on_target_page=False,
    )
    register_kind(
        "publication_event",
        "research.publication",
        "resources.event",
        label=_("Présentée lors de"),
        inverse_label=_("Publications présentées"),
        schema="subjectOf",
        inverse_schema="workFeatured",
    )
    register_kind(
        "publication_dataset",
        "research.publication",
        "resources.dataset",
        label=_("S'appuie sur les données"),
        inverse_label=_("Exploitées par"),
        schema="isBasedOn",
        inverse_schema="subjectOf",
    )
    register_kind(
        "event_researcher",
        "resources.event",
        "research.researcher",
        label=_("Intervenant·es"),
        inverse_label=_("Intervient lors de"),
        schema="performer",
    )
    # « Sur ce sujet »: the same question seen from the resource centre and the observatory.
    register_kind(
        "resource_question",
        "resources.resource",
        "research.fieldquestion",
        label=_("Sur ce sujet"),
        inverse_label=_("Sur ce sujet"),
        schema="about",
        inverse_schema="subjectOf",
    )
    register_kind(
        "practice_resource",
        "resources.practice",
        "resources.resource",
        label=_("Sur ce sujet"),
        inverse_label=_("Sur ce sujet"),
    )
    register_kind(
        "dataset_question",
        "resources.dataset",
        "research.fieldquestion",
        label=_("Sur ce sujet"),
        inverse_label=_("Sur ce sujet"),
        schema="about",
    )
    # The cycle des hautes études: its editions' events and works, its alumni's practices.
    register_kind(
        "edition_event",
        "hautes_etudes.edition",
        "resources.event",
        label=_("Événements du cycle"),
        inverse_label=_("Dans le cadre du cycle"),
    )
    register_kind(
        "edition_publication",
        "hautes_etudes.edition",
        "research.publication",
        label=_("Travaux de la promotion"),
        inverse_label=_("Issue du cycle des hautes études"),
    )
    register_kind(
        "practice_auditor",
        "resources.practice",
        "hautes_etudes.auditor",
        label=_("Un·e ancien·ne du cycle y a pris part"),
        inverse_label=_("Pratiques portées"),
        on_target_page=False,  # an alumnus has no page of their own
    )
    # Relations the pillars already had, read from their fields.
    register_kind(
        "project_resources",
        "research.project",
        "resources.resource",
        field="resources",
        label=_("Ressources et pratiques étudiées ou produites"),
        inverse_label=_("Projets de recherche liés"),
        on_source_page=False,  # the project page shows them as cards
    )
    register_kind(
        "publication_resources",
        "research.publication",
        "resources.resource",
        field="resources",
        label=_("Ressources liées"),
        inverse_label=_("Publications liées"),
        on_source_page=False,
    )
    register_kind(
        "project_labs",
        "research.project",
        "research.lab",
        field="labs",
        label=_("Laboratoires"),
        inverse_label=_("Projets"),
        on_source_page=False,  # both pages show them as cards already
        on_target_page=False,
    )
    register_kind(
        "publication_projects",
        "research.publication",
        "research.project",
        field="projects",
        label=_("Projets"),
        inverse_label=_("Publications"),
        on_source_page=False,
        on_target_page=False,
    )
    register_kind(
        "publication_labs",
        "research.publication",
        "research.lab",
        field="labs",
        label=_("Laboratoires"),
        inverse_label=_("Publications"),
        on_source_page=False,
        on_target_page=False,
    )
