"""Redis down (core/shared_cache.py): public pages from the database, `/sante/` naming
Redis, costly actions refused with the French 503 and Retry-After, sessions and CSRF untouched,
and everything back in the cache once Redis answers again.

A redis-server of the module's own on a free port, stopped and started by the tests (never the
shared one).
"""

import html as htmllib
import logging
import os
import re
import signal
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from core import page_cache, shared_cache
from hautes_etudes.models import Application
from resources.engagement.models import Subscription
from tests.factories import ResourceFactory
from tests.hautes_etudes.conftest import edition  # noqa: F401  (the open cycle fixture)
from tests.support.ports import free_port
from tests.support.redis import RedisServer

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 Firefox/130"}
PAGES = ["/", "/ressources/", "/ressources/?type=guide", "/rechercher/?q=aller-vers", "/agenda/"]


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def on_redis(redis_server, settings, monkeypatch):
    """The portal's settings with REDIS_URL: the resilient cache on our redis-server (retried at
    every call, so that the tests need not wait for the pause after a failure)."""
    if redis_server.process.poll() is not None:
        redis_server.start()
    settings.REDIS_URL = redis_server.url
    settings.CACHES = {"default": {**_cache_settings(redis_server.url)}}
    settings.INTS_PAGE_CACHE_SECONDS = 60
    monkeypatch.setattr(shared_cache, "PAUSE_SECONDS", 0)
    monkeypatch.setattr(page_cache, "_bump_missed", False)
    shared_cache._outages.clear()
    cache.clear()
    yield redis_server
    shared_cache._outages.clear()


def _cache_settings(url):
    return {
        **django_settings.CACHES["default"],
        "BACKEND": "core.shared_cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "ints",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }


def get(client, path):
    return client.get(path, **BROWSER)


def test_pages_come_from_the_database_while_redis_is_down_then_from_the_cache(on_redis, caplog):
    ResourceFactory(title="Guide de l'aller-vers")
    assert get(Client(), "/ressources/").status_code == 200
    assert get(Client(), "/ressources/")["X-Page-Cache"] == "hit"

    on_redis.stop()
    with caplog.at_level(logging.WARNING, logger="core.shared_cache"):
        responses = [get(Client(), path) for path in PAGES * 3]
    assert [r.status_code for r in responses] == [200] * len(PAGES) * 3
    assert not any(r.has_header("X-Page-Cache") for r in responses)
    assert "Guide de l" in responses[1].content.decode()
    warnings = [r for r in caplog.records if r.name == "core.shared_cache"]
    assert len(warnings) == 1  # once a minute, not per request
    assert "Redis does not answer" in warnings[0].getMessage()

    on_redis.start()
    with caplog.at_level(logging.WARNING, logger="core.shared_cache"):
        assert "X-Page-Cache" not in get(Client(), "/ressources/")
        assert get(Client(), "/ressources/")["X-Page-Cache"] == "hit"
    assert "Redis answers again" in caplog.records[-1].getMessage()


def test_health_answers_503_json_naming_redis_while_it_is_down(on_redis):
    on_redis.stop()
    response = Client().get("/sante/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "erreur",
        "database": "ok",
        "redis": "injoignable",
        "worker": "inconnu",
    }


def test_application_start_is_refused_with_the_french_503_and_retry_after(on_redis, edition):  # noqa: F811
    visitor = Client(enforce_csrf_checks=True)
    form = get(visitor, "/hautes-etudes/candidater/")  # its CSRF cookie needs no Redis
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())
    on_redis.stop()
    page = get(visitor, "/hautes-etudes/candidater/")

    response = visitor.post(
        "/hautes-etudes/candidater/",
        {"email": "awa.diallo@example.fr", "csrfmiddlewaretoken": token.group(1)},
    )

    assert page.status_code == 200 and form.cookies["csrftoken"]
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = htmllib.unescape(response.content.decode())
    assert "Service momentanément indisponible" in html
    assert "Rien n'a été enregistré\u00a0: merci de réessayer dans quelques instants." in html
    assert "Vous pourrez réessayer dans 30 secondes." in html
    assert not Application.objects.exists()


def test_alert_subscription_is_refused_with_503_while_redis_is_down(on_redis):
    on_redis.stop()
    form = {"email": "alerte@example.fr", "scope": "resources", "query": "q=guide"}

    response = Client().post("/alertes/", form)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert not Subscription.objects.exists()


def test_a_change_saved_during_the_outage_shows_once_redis_answers(on_redis, settings):
    live = _cache_settings(on_redis.url)
    assert get(Client(), "/ressources/").status_code == 200
    assert get(Client(), "/ressources/")["X-Page-Cache"] == "hit"

    # Redis unreachable (its data kept): the publication cannot bump the generation…
    settings.CACHES = {"default": {**live, "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}}
    ResourceFactory(title="Publiée pendant la panne")
    settings.CACHES = {"default": live}
    response = get(Client(), "/ressources/")

    # …so the first request that reaches Redis again bumps it: no stale page is served.
    assert "X-Page-Cache" not in response
    assert "Publiée pendant la panne" in response.content.decode()


def test_sessions_and_csrf_do_not_depend_on_redis():
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert not django_settings.CSRF_USE_SESSIONS  # the CSRF secret is in its own cookie


def test_a_redis_that_hangs_costs_one_timeout_then_is_left_alone(on_redis, monkeypatch):
    monkeypatch.setattr(shared_cache, "PAUSE_SECONDS", 30)
    assert get(Client(), "/ressources/").status_code == 200  # connected
    os.kill(on_redis.process.pid, signal.SIGSTOP)  # accepts, never answers
    try:
        started = time.monotonic()
        statuses = [get(Client(), "/ressources/").status_code for _ in range(10)]
        elapsed = time.monotonic() - started
    finally:
        os.kill(on_redis.process.pid, signal.SIGCONT)

    assert statuses == [200] * 10
    # One socket timeout (2 s), not one per cache call of every request (dozens of them).
    assert 2 <= elapsed < 6
