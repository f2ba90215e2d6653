"""Celery tasks of the resource centre."""

from celery import shared_task

from resources.search import bitmaps


@shared_task(ignore_result=True)
def warm_search_index():
    """Build the facet bitmaps of the new catalogue version before a
    visitor needs them; queued after each change of the catalogue when a worker runs."""
    bitmaps.current(wait=True)
