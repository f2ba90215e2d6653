import pytest
from django.contrib.auth.models import Permission

from editorial import registry
from research.models import FieldQuestion
from resources.models import Event, Practice, Resource, Territory, Theme
from tests.browser.conftest import (  # noqa: F401 (the browser fixtures, for test_browser.py)
    _live_server_closes_db_connections,
    axe_page,
    strict_page,
)
from tests.factories import UserFactory

# The « Proposer … » kinds as h22ed's AppConfig.ready registers them; registered here too while
# that is not merged, so that « Mes contributions » and /contribuer/ have kinds to show.
KINDS = [
    (Practice, "une pratique inspirante", "resources:propose_practice"),
    (Event, "un événement", "resources:propose_event"),
    (Resource, "une ressource", "resources:propose_resource"),
    (FieldQuestion, "une question de terrain", "research:propose_question"),
]


@pytest.fixture(autouse=True)
def _kinds_registered():
    saved = dict(registry._kinds)
    for model, label, url_name in KINDS:
        kind = registry._kinds.get(model._meta.label_lower)
        if kind is None or not kind.propose_url_name:
            registry.register(model, label=label, propose_url_name=url_name)
    yield
    registry._kinds.clear()
    registry._kinds.update(saved)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.INTS_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def contributor(db):
    return UserFactory(username="camille", first_name="Camille", last_name="Martin")


@pytest.fixture
def signed_in(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def editor(db):
    user = UserFactory(username="editrice")
    user.user_permissions.add(
        Permission.objects.get(codename="publish_content", content_type__app_label="editorial")
    )
    return user


@pytest.fixture
def nord(db):
    return Territory.objects.get(kind="departement", code="59")


@pytest.fixture
def theme(db):
    return Theme.objects.order_by("pk").first()
