"""Which territories a dataset covers (« Couverture géographique »), kept in step with its values.

`Dataset.territories` is what the observatory's facet, the dataset page and the site search
read. Its régions and départements are derived: exactly the territories that have a value in
one of the dataset's indicators. « France entière » is editorial: kept as declared (a national
time series has no territory on its values), and added when a value is national.
"""

from django.db.models.signals import post_delete, post_save

from core import commit_hooks
from resources import search
from resources.enums import TerritoryKind
from resources.observatory.models import DataPoint, Dataset, Indicator


def sync_coverage(dataset):
    """Bring `dataset.territories` in step with its values; return True if it changed.

    Side effects: rewrites the dataset's territory links and reindexes its search entry when
    they change.
    """
    valued = set(
        DataPoint.objects.filter(indicator__dataset=dataset, territory__isnull=False)
        .values_list("territory_id", flat=True)
        .distinct()
    )
    current = dict(dataset.territories.values_list("pk", "kind"))
    declared_national = {pk for pk, kind in current.items() if kind == TerritoryKind.NATIONAL}
    wanted = valued | declared_national
    if wanted == set(current):
        return False
    dataset.territories.set(wanted)
    search.index_object(dataset)
    return True


def sync_coverage_later(dataset_id):
    """sync_coverage once per transaction, after its commit (see core.commit_hooks)."""

    def sync():
        dataset = Dataset.objects.filter(pk=dataset_id).first()
        if dataset is not None:  # gone when the dataset itself was deleted
            sync_coverage(dataset)

    commit_hooks.once_after_commit(("observatory-coverage", dataset_id), sync)


def _point_changed(sender, instance, **kwargs):
    dataset_id = (
        Indicator.objects.filter(pk=instance.indicator_id)
        .values_list("dataset_id", flat=True)
        .first()
    )
    if dataset_id is not None:
        sync_coverage_later(dataset_id)


post_save.connect(_point_changed, sender=DataPoint, dispatch_uid="observatory-coverage-save")
post_delete.connect(_point_changed, sender=DataPoint, dispatch_uid="observatory-coverage-delete")
