"""Demo content of the territory pages, read from ints_portal/demo_data/territories.yaml: a
practice of the Nord and one of the Pas-de-Calais, and a published question de terrain of the
Nord. In the project package because the file spans the resource centre and research."""

from resources import demo_loader as loader


def load_territories_demo(*, now=None):
    """Load the file; return a French one-line summary. Idempotent.

    Side effects: writes practices and questions de terrain, refreshes their search entries.
    """
    loader.load("organisations", now=now)
    result = loader.load("territories", now=now)
    return f"{len(result.changed)} ligne(s) des pages de territoire créée(s) ou mise(s) à jour"
