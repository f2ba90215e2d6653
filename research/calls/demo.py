"""Demo calls for projects, read from ints_portal/demo_data/calls.yaml: one open, one upcoming,
one closed that funded a demo project. Existing calls and e-mails are left as they are."""

from ints_portal.demo_data import loader
from research.calls.models import Call
from research.models import Project

FUNDED_PROJECT = "metiers-du-grand-age"  # from research.yaml, when the research demo is loaded


def load_calls_demo(*, now=None):
    """Load the demo calls; return a French one-line summary. Idempotent.

    Side effects: writes calls, their criteria and decision e-mails; links the closed call to
    the project it funded.
    """
    result = loader.load("calls", now=now)
    closed = Call.objects.filter(slug="attractivite-des-metiers-du-social").first()
    if closed is not None:
        Project.objects.filter(slug=FUNDED_PROJECT, funding_call__isnull=True).update(
            funding_call=closed
        )
    return f"{len(result.changed)} élément(s) d'appels à projets créé(s)"
