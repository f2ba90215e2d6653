"""Keep the search index in step with the registered models, whatever saves them.

A save, a deletion or a change of links only marks the object: it is reindexed once per
transaction, after the commit, from its rows as committed (core.commit_hooks), however
many signals one admin save sends.
"""

import contextlib
import threading

from django.db import router
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import commit_hooks
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


def reindex_later(model, pk):
    """Bring the search entry of `model` row `pk` in step with it after the commit, once per
    transaction: indexed if the row is there, removed if it is gone.

    Side effects: after the commit, writes or deletes one SearchEntry (search.index_object).
    """

    def sync():
        # From the primary: right after the commit a replica may not have the change yet.
        obj = model._base_manager.using(router.db_for_write(model)).filter(pk=pk).first()
        if obj is None:
            search.unindex_object(model(pk=pk))
        else:
            search.index_object(obj)

    commit_hooks.once_after_commit(("search-index", model._meta.label_lower, pk), sync)


def _reindex(sender, instance, **kwargs):
    if _active():
        reindex_later(type(instance), instance.pk)


def _unindex(sender, instance, **kwargs):
    reindex_later(type(instance), instance.pk)


def _reindex_m2m(sender, instance, action, reverse, **kwargs):
    if _active() and action in ("post_add", "post_remove", "post_clear") and not reverse:
        reindex_later(type(instance), instance.pk)


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
