"""The anonymous page cache: fresh CSP nonce on every hit, no database on a hit, invalidated
when content is published, never for visitors with cookies or pages that set them."""

import re

import pytest

from resources.engagement.models import ResourceStat
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db
NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.INTS_PAGE_CACHE_SECONDS = 60


def browser_get(client, path):
    """A visitor's browser sends a User-Agent (crawlers are not counted)."""
    return client.get(path, HTTP_USER_AGENT="Mozilla/5.0 Firefox/130")


def test_hit_has_a_fresh_nonce_in_body_and_header_and_no_query(client, django_assert_num_queries):
    ResourceFactory(title="Guide de l'aller-vers")
    first = browser_get(client, "/ressources/")
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = browser_get(client, "/ressources/")
    assert second["X-Page-Cache"] == "hit"
    nonces = [set(NONCE.findall(r.content.decode())) for r in (first, second)]
    assert len(nonces[0]) == len(nonces[1]) == 1
    assert nonces[0] != nonces[1]
    assert f"'nonce-{nonces[1].pop()}'" in second["Content-Security-Policy"]
    assert "__INTS_CSP_NONCE__" not in second.content.decode()
    assert second["X-Frame-Options"] == "DENY"
    assert first.content.decode().replace(NONCE.search(first.content.decode()).group(1), "").count(
        "Guide de l"
    ) == second.content.decode().count("Guide de l")


def test_publishing_empties_the_cache(client):
    browser_get(client, "/ressources/")
    ResourceFactory(title="Nouveauté publiée à l'instant")
    response = browser_get(client, "/ressources/")
    assert "X-Page-Cache" not in response
    assert "Nouveauté publiée" in response.content.decode()


def test_visitors_with_cookies_and_pages_setting_cookies_are_not_cached(client, settings):
    ResourceFactory()
    browser_get(client, "/ressources/")
    client.cookies["sessionid"] = "quelquechose"
    assert "X-Page-Cache" not in browser_get(client, "/ressources/")
    client.cookies.clear()
    from hautes_etudes.demo import load_hautes_etudes_demo

    load_hautes_etudes_demo()
    for _ in range(2):
        response = browser_get(client, "/hautes-etudes/candidater/")  # a form: CSRF cookie
        client.cookies.clear()
        assert "X-Page-Cache" not in response


def test_views_are_still_counted_on_hits(client):
    resource = ResourceFactory()
    for _ in range(3):
        browser_get(client, resource.get_absolute_url())
    assert ResourceStat.objects.get(resource=resource).views == 3


def test_drafts_previewed_by_curators_are_never_stored(admin_client):
    from django.test import Client

    draft = ResourceFactory(draft=True)
    assert admin_client.get(draft.get_absolute_url()).status_code == 200
    assert browser_get(Client(), draft.get_absolute_url()).status_code == 404


def test_a_cached_page_asked_for_a_host_outside_allowed_hosts_answers_400(client):
    assert browser_get(client, "/ressources/").status_code == 200
    assert browser_get(client, "/ressources/")["X-Page-Cache"] == "hit"

    response = client.get("/ressources/", HTTP_HOST="evil.example", HTTP_USER_AGENT="Mozilla/5.0")

    assert response.status_code == 400
    assert "X-Page-Cache" not in response


def test_each_allowed_host_has_its_own_entries(client):
    browser_get(client, "/ressources/")

    response = client.get("/ressources/", HTTP_HOST="localhost", HTTP_USER_AGENT="Mozilla/5.0")

    assert response.status_code == 200
    assert "X-Page-Cache" not in response
