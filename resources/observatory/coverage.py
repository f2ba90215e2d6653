"""Which territories a dataset covers (« Couverture géographique »), kept in step with its values.

`Dataset.territories` is what the observatory's facet, the dataset page and the site search
read. It is declared by editors (France entière, or the région of a regional survey whose
values are a time series) and completed from the values: a territory with a value in one of
the dataset's indicators is always in it, and leaves it with its last value. The search entry
follows through the many-to-many signals (resources.signals).
"""

from django.db.models.signals import post_delete, post_save, pre_save

from resources.observatory.models import DataPoint, Dataset, Indicator


def sync_coverage(dataset):
    """Add to `dataset.territories` the territories its values have; return True if it changed.

    Side effects: adds territory links (the dataset is reindexed after the commit).
    """
    valued = set(
        DataPoint.objects.filter(indicator__dataset=dataset, territory__isnull=False)
        .values_list("territory_id", flat=True)
        .distinct()
    )
    missing = valued - set(dataset.territories.values_list("pk", flat=True))
    if missing:
        dataset.territories.add(*missing)
    return bool(missing)


def _dataset_of(point):
    dataset_id = (
        Indicator.objects.filter(pk=point.indicator_id).values_list("dataset_id", flat=True).first()
    )
    return Dataset.objects.filter(pk=dataset_id).first() if dataset_id else None


def _drop_if_unvalued(dataset, territory_id):
    if territory_id is None:
        return
    still = DataPoint.objects.filter(indicator__dataset=dataset, territory_id=territory_id)
    if not still.exists():
        dataset.territories.remove(territory_id)


def _remember_territory(sender, instance, **kwargs):
    instance._coverage_before = (
        DataPoint.objects.filter(pk=instance.pk).values_list("territory_id", flat=True).first()
        if instance.pk
        else None
    )


def _point_saved(sender, instance, **kwargs):
    dataset = _dataset_of(instance)
    if dataset is None:
        return
    if instance.territory_id:
        dataset.territories.add(instance.territory_id)
    before = getattr(instance, "_coverage_before", None)
    if before and before != instance.territory_id:
        _drop_if_unvalued(dataset, before)


def _point_deleted(sender, instance, **kwargs):
    dataset = _dataset_of(instance)
    if dataset is not None:  # gone when the dataset itself is being deleted
        _drop_if_unvalued(dataset, instance.territory_id)


pre_save.connect(_remember_territory, sender=DataPoint, dispatch_uid="observatory-coverage-pre")
post_save.connect(_point_saved, sender=DataPoint, dispatch_uid="observatory-coverage-save")
post_delete.connect(_point_deleted, sender=DataPoint, dispatch_uid="observatory-coverage-delete")
