"""Keep the search index in step with the registered models, whatever saves them."""

import contextlib
import threading

from django.db.models.signals import m2m_changed, post_delete, post_save

from resources import search
from resources.models import Resource
from resources.search import cache as search_cache

_state = threading.local()


@contextlib.contextmanager
def paused():
    """Stop per-save indexing in this thread (bulk loads index once at the end themselves)."""
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = False


def _active():
    return not getattr(_state, "paused", False)


def _reindex(sender, instance, **kwargs):
    if _active():
        search.index_object(instance)


def _unindex(sender, instance, **kwargs):
    search.unindex_object(instance)


def _reindex_m2m(sender, instance, action, reverse, **kwargs):
    if _active() and action in ("post_add", "post_remove", "post_clear") and not reverse:
        search.index_object(instance)


def connect(model):
    """Register `model` with the search and follow its saves, deletions and M2M changes."""
    search.register(model)
    uid = model._meta.label_lower
    post_save.connect(_reindex, sender=model, dispatch_uid=f"search-save-{uid}")
    post_delete.connect(_unindex, sender=model, dispatch_uid=f"search-delete-{uid}")
    for field in model._meta.many_to_many:
        through = getattr(field.remote_field, "through", None)
        if through is not None:
            m2m_changed.connect(
                _reindex_m2m, sender=through, dispatch_uid=f"search-m2m-{uid}-{field.name}"
            )


connect(Resource)
search_cache.connect_signals()
