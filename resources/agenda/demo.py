"""Demo events, read from ints_portal/demo_data/agenda.yaml (dates relative to the first load)."""

from resources import demo_loader as loader


def load_agenda_demo(*, now=None):
    """Load the demo events; return a French one-line summary. Idempotent.

    Side effects: writes organisations and events, refreshes their search entries.
    """
    loader.load("organisations", now=now)
    result = loader.load("agenda", now=now)
    return (
        f"{result.count('resources.Event')} événements ({len(result.changed)} créés ou mis à jour)"
    )
