"""The linked graph's demo: ints_portal/demo_data/graph.yaml (a question de terrain from the
Nord, the research-action answering it, its call and first results) and graph_links.yaml (the
typed links between them and the rest of the demo). Loaded last by load_demo: it links rows
of every pillar."""

from editorial import graph
from resources import demo_loader as loader


def _find(label, reference):
    model = graph.node(label).model
    lookups = reference if isinstance(reference, dict) else {"slug": reference}
    return model._default_manager.get(**lookups)


def load_graph_demo(*, now=None):
    """Load the graph demo; return a French one-line summary. Idempotent.

    Side effects: writes a call, a project, a question de terrain, a publication and their
    search entries; writes the editorial.Link rows of graph_links.yaml that are missing."""
    result = loader.load("graph", now=now)
    links = loader.read("graph_links")
    for item in links:
        kind = graph.kind(item["kind"])
        graph.link(
            kind.name, _find(kind.source, item["source"]), _find(kind.target, item["target"])
        )
    return (
        f"{result.count('research.FieldQuestion')} question de terrain, {len(links)} liens "
        f"({len(result.changed)} lignes créées ou mises à jour)"
    )
