"""Demo content of "se former", read from ints_portal/demo_data/training.yaml: diplomas and
their RNCP codes, bridges, funding schemes, schools and practices. The demo's training modules
take the structure of training_module.yaml, given to module resources that have none yet."""

from django.db import transaction
from django.utils import timezone

from resources import demo_loader as loader
from resources.models import Resource
from resources.training.models import ModuleChapter, TrainingModule

MODULES = 6


def load_training_demo(*, now=None):
    """Load the training demo; return a French one-line summary. Idempotent.

    Side effects: writes organisations, diplomas, schools, funding, practices and modules;
    refreshes search entries.
    """
    now = now or timezone.now()
    loader.load("organisations", now=now)
    result = loader.load("training", now=now)
    modules = _modules()
    return f"{len(result.changed) + modules} objet(s) de formation créé(s) ou mis à jour"


@transaction.atomic
def _modules():
    template = loader.read("training_module")
    created = 0
    for resource in Resource.objects.filter(
        resource_type__slug="module-de-formation", training_module__isnull=True
    ).order_by("slug")[: max(0, MODULES - TrainingModule.objects.count())]:
        module = TrainingModule.objects.create(
            resource=resource,
            objectives=template["objectives"],
            duration=template["duration"],
            audience=template["audience"],
        )
        for position, chapter in enumerate(template["chapters"], start=1):
            ModuleChapter.objects.create(module=module, position=position, **chapter)
        created += 1
    return created
