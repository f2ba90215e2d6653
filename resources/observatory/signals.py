"""Connects the observatory to the site-wide search: datasets, with their indicators' names;
and its datasets' coverage to their values (observatory.coverage)."""

from django.db.models.signals import post_delete, post_save

from resources import search
from resources.observatory import coverage  # noqa: F401  (connects its signals)
from resources.observatory.models import Dataset, Indicator
from resources.signals import _active, connect  # _active: bulk loads pause indexing

connect(Dataset)


def _reindex_dataset(sender, instance, **kwargs):
    # Indicator names are searchable: the dataset's entry changes with them.
    if not _active():
        return
    dataset = Dataset.objects.filter(pk=instance.dataset_id).first()
    if dataset is not None:  # gone when the dataset itself is being deleted
        search.index_object(dataset)


post_save.connect(_reindex_dataset, sender=Indicator, dispatch_uid="observatory-indicator-save")
post_delete.connect(_reindex_dataset, sender=Indicator, dispatch_uid="observatory-indicator-delete")
