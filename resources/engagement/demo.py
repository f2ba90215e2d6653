"""Demo email alerts (ints_portal/demo_data/alerts.yaml), loaded in DEBUG only."""

from resources import demo_loader as loader
from resources.engagement.models import Subscription


def load_alerts_demo(*, now=None):
    """Load the demo alerts and name their selections; return a French one-line summary.
    Idempotent.

    Side effects: writes Subscription rows (confirmed) and their `label`.
    """
    result = loader.load("alerts", now=now)
    for subscription, _item in result.items("resources.Subscription"):
        if subscription.label != subscription.description:
            Subscription.objects.filter(pk=subscription.pk).update(label=subscription.description)
    labels = "; ".join(s.description for s, _item in result.items("resources.Subscription"))
    return f"{result.count('resources.Subscription')} alertes par courriel ({labels})"
