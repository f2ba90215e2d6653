"""Work that follows a change runs once per transaction, after its commit (commit_hooks)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import commit_hooks, page_cache
from resources.models import Audience, Resource, SearchEntry, Territory, Theme
from tests.factories import ResourceFactory

# The test's own transaction never commits: django_capture_on_commit_callbacks(execute=True)
# runs what the commit would run, at the end of its block.
pytestmark = [pytest.mark.django_db, pytest.mark.outbox_commit]


def test_one_callback_per_key_after_the_commit_the_latest_one(django_capture_on_commit_callbacks):
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            commit_hooks.once_after_commit("k", lambda n=n: ran.append(("k", n)))
        commit_hooks.once_after_commit("other", lambda: ran.append(("other", 0)))
        assert ran == []

    assert ran == [("k", 2), ("other", 0)]


def test_nothing_runs_after_a_rollback_and_the_next_transaction_registers_again(
    django_capture_on_commit_callbacks,
):
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            commit_hooks.once_after_commit("k", lambda: ran.append("rolled back"))
            raise RuntimeError
        commit_hooks.once_after_commit("k", lambda: ran.append("committed"))

    assert ran == ["committed"]


def _entry_writes(queries):
    return [
        q["sql"]
        for q in queries
        if '"resources_searchentry"' in q["sql"].split(" WHERE ")[0]
        and q["sql"].lstrip().startswith(("INSERT", "UPDATE"))
    ]


def test_a_save_with_its_links_indexes_once_and_bumps_the_generation_once(
    django_capture_on_commit_callbacks,
):
    """What an admin save does: the row, then each many-to-many field set in turn."""
    themes = list(Theme.objects.order_by("pk")[:2])
    audience = Audience.objects.order_by("pk").first()
    territory = Territory.objects.order_by("pk").first()
    before = page_cache.generation()

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        resource = ResourceFactory(title="Guide de l'accueil des jeunes majeurs")
        resource.themes.set(themes)
        resource.audiences.set([audience])
        resource.territories.set([territory])
        resource.summary = "Résumé revu avant l'enregistrement."
        resource.save()

    assert page_cache.generation() == before + 1
    assert len(_entry_writes(queries.captured_queries)) == 1
    entry = SearchEntry.objects.get(object_id=resource.pk)
    assert entry.summary == "Résumé revu avant l'enregistrement."
    assert sorted(entry.themes.values_list("pk", flat=True)) == [t.pk for t in themes]


def test_a_deletion_in_the_same_transaction_leaves_no_entry(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        resource = ResourceFactory()
        pk = resource.pk
        resource.delete()

    assert not SearchEntry.objects.filter(object_id=pk).exists()
    assert not Resource.objects.filter(pk=pk).exists()
