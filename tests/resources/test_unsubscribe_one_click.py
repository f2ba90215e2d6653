"""RFC 8058 one-click unsubscribe: a POST with no session and no CSRF token unsubscribes."""

import pytest
from django.test import Client

from resources.engagement import services
from resources.engagement.models import Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription():
    return Subscription.objects.create(email="lectrice@example.fr", scope="resources")


def test_one_click_post_without_cookies_or_token_unsubscribes(subscription):
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        services.unsubscribe_url(subscription),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert response.cookies == {} or "sessionid" not in response.cookies


def test_unsubscribe_get_asks_for_confirmation_and_keeps_the_subscription(client, subscription):
    response = client.get(services.unsubscribe_url(subscription))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Se désabonner</h1>" in page
    assert "<title>Se désabonner — " in page
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_digest_headers_offer_one_click_and_name_the_list(subscription):
    headers = services.list_headers(unsubscribe_path=services.unsubscribe_url(subscription))

    assert headers["List-Unsubscribe"].startswith("<https://127.0.0.1:8000/alertes/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Id"] == "Alertes INTS <alertes.127.0.0.1>"
