"""Demo content of the resource centre, read from ints_portal/demo_data/resources.yaml.

The generic loader does the rows; this module adds what a data file cannot hold (a small PDF for
the items marked `_pdf`). It also exposes the building blocks that bench/generate.py assembles
into its large generated catalogue (PEOPLE, TAGS, TOPICS, TITLE_PATTERNS, _body).
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from resources import demo_loader as loader
from resources.demo_pdf import pdf_bytes

_VOCABULARY = loader.read("bench_vocabulary")
PEOPLE = _VOCABULARY["people"]
TAGS = _VOCABULARY["tags"]
TOPICS = _VOCABULARY["topics"]
TITLE_PATTERNS = _VOCABULARY["title_patterns"]
BODY_POINTS = _VOCABULARY["body_points"]


def load_organisations():
    """The organisations every part of the demo refers to; returns how many changed."""
    return len(loader.load("organisations").changed)


def load_resources_demo(*, now=None):
    """Load the demo resources; return a French one-line summary. Idempotent.

    Side effects: writes organisations, resources and their files, refreshes search entries.
    """
    organisations = load_organisations()
    result = loader.load("resources", now=now or timezone.now())
    files = 0
    for resource, item in result.items("resources.Resource"):
        if item.get("_pdf") and not resource.file:
            _attach_pdf(resource)
            files += 1
    return (
        f"{result.count('resources.Resource')} ressources ({len(result.changed)} créées ou mises "
        f"à jour, {files} fichier(s) joint(s)), {organisations} organisation(s) modifiée(s)"
    )


def _attach_pdf(resource):
    content = pdf_bytes(resource.title, [resource.summary])
    resource.file.save(f"{resource.slug[:40]}.pdf", ContentFile(content), save=False)
    resource.file_mime = "application/pdf"
    resource.file_size = len(content)
    resource.save(update_fields=["file", "file_mime", "file_size", "updated_at"])


def _body(topic, theme_name, audience_names, place, rng):
    """A generated body for the benchmark catalogue (never used by the demo itself)."""
    items = "".join(f"<li>{point.capitalize()}</li>" for point in rng.sample(BODY_POINTS, 4))
    return (
        f"<h2>Pourquoi ce sujet</h2><p>{topic[0].upper()}{topic[1:]} : un enjeu des pratiques "
        f"(thématique « {theme_name} »). Des professionnel·les du territoire {place} ont partagé "
        f"leurs constats, leurs difficultés et les solutions construites avec les personnes "
        f"accompagnées.</p><h2>Repères pour agir</h2><ul>{items}</ul>"
        f"<h2>Pour qui</h2><p>Publics visés : {', '.join(audience_names)}.</p>"
    )
