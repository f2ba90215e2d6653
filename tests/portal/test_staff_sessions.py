"""Staff sessions are bounded (3 h idle, 12 h in all) and two-factor covers draft previews."""

import time

import pytest
from django.urls import reverse

from tests.factories import ResourceFactory, UserFactory
from tests.helpers import verified_login

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")
STARTED, SEEN = "_ints_staff_started", "_ints_staff_seen"


def age_session(client, *, started_ago, seen_ago):
    session = client.session
    session[STARTED] = time.time() - started_ago
    session[SEEN] = time.time() - seen_ago
    session.save()


@pytest.fixture
def curator(client):
    user = UserFactory(superuser=True)
    verified_login(client, user)
    assert client.get(INDEX).status_code == 200
    return user


def test_staff_session_within_bounds_stays_open(client, curator):
    age_session(client, started_ago=11 * 3600, seen_ago=2 * 3600)

    assert client.get(INDEX).status_code == 200


def test_staff_session_idle_for_three_hours_ends(client, curator):
    age_session(client, started_ago=3 * 3600 + 60, seen_ago=3 * 3600 + 60)

    response = client.get(INDEX)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_session_older_than_twelve_hours_ends_even_if_active(client, curator):
    age_session(client, started_ago=12 * 3600 + 60, seen_ago=30)

    assert client.get(INDEX).status_code == 302


def test_staff_session_cookie_expires_with_the_idle_bound(client, curator):
    assert 0 < client.session.get_expiry_age() <= 3 * 3600


def test_draft_preview_needs_the_second_factor(client):
    draft = ResourceFactory(draft=True)
    user = UserFactory(superuser=True)
    client.force_login(user)  # password only, no TOTP yet

    unverified = client.get(draft.get_absolute_url())
    verified_login(client, user)
    verified = client.get(draft.get_absolute_url())

    assert unverified.status_code == 404
    assert verified.status_code == 200
