"""schema.org JSON-LD of a question de terrain (Question)."""

from editorial import graph
from research.structured_data import SCHEMA_TYPES, _lab_ref
from resources.structured_data import absolute, dumps


def question_json_ld(question, *, themes, publications, neighbours=None):
    """A schema.org Question (a CreativeWork): its text, where it comes from, its stage as
    `creativeWorkStatus`, and the project answering it as `subjectOf` with the project's
    publications as the project's `subjectOf`. Not a QAPage: it has no answer written on it."""
    data = {
        "@context": "https://schema.org",
        "@type": "Question",
        "name": question.title,
        "text": question.context,
        "url": absolute(question.get_absolute_url()),
        "datePublished": question.publication_date.date().isoformat(),
        "inLanguage": "fr",
        "creativeWorkStatus": question.get_stage_display(),
    }
    if question.team:
        data["author"] = {"@type": "Organization", "name": question.team}
    if themes:
        data["about"] = [{"@type": "Thing", "name": theme.name} for theme in themes]
    if question.territory:
        data["spatialCoverage"] = {"@type": "AdministrativeArea", "name": question.territory.name}
    if question.lab:
        data["sourceOrganization"] = _lab_ref(question.lab)
    if question.project:
        project = {
            "@type": "ResearchProject",
            "name": question.project.title,
            "url": absolute(question.project.get_absolute_url()),
        }
        if publications:
            project["subjectOf"] = [
                {
                    "@type": SCHEMA_TYPES[p.publication_type],
                    "name": p.title,
                    "url": absolute(p.get_absolute_url()),
                }
                for p in publications
            ]
        data["subjectOf"] = project
    return dumps(graph.merge_schema(data, neighbours))
