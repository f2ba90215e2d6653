import pytest


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker):
    """Reference data (themes, resource types, territories, content types…) around a module of
    transactional tests marked `serialized_rollback=True` (same recipe as tests/browser).

    Start from an empty database, so reloading the serialized data cannot collide with content
    types another module's flush re-created; reload it when the module is done, so the
    transactional tests that follow (in any app) find the tables as the migrations left them.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            call_command(
                "flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0
            )
    ContentType.objects.clear_cache()
    yield
    with django_db_blocker.unblock():
        for alias in connections:
            contents = getattr(connections[alias], "_test_serialized_contents", None)
            if contents:
                connections[alias].creation.deserialize_db_from_string(contents)
            connections[alias].close()
    ContentType.objects.clear_cache()
