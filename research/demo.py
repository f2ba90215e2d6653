"""Demo content of the research pillar, read from ints_portal/demo_data/research.yaml.

Labs, researchers, projects with their contributors, publications and contract offers; the
offers' deadlines are relative to the first load, so a fresh demo always shows open offers.
"""

from resources import demo_loader as loader


def load_research_demo(*, now=None):
    """Load the research demo; return a French one-line summary. Idempotent.

    Side effects: writes organisations and research rows, refreshes their search entries.
    """
    loader.load("organisations", now=now)
    result = loader.load("research", now=now)
    return (
        f"{result.count('research.Publication')} publications, "
        f"{result.count('research.Project')} projets ({len(result.changed)} lignes créées ou "
        "mises à jour)"
    )
