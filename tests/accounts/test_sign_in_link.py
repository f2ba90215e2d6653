"""The emailed one-time link, with Django's test client: request, confirm, expiry, abuse."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from accounts.models import ContributorProfile, SignInLink, hash_token
from core.models import OutboxMessage
from core.roles import CONTRIBUTORS

pytestmark = pytest.mark.django_db

SIGN_IN = "/connexion/"
REQUEST = "/connexion/lien/"


def request_link(client, email="lea.dubois@example.fr", **extra):
    return client.post(REQUEST, {"email": email, **extra})


def emailed_link_path():
    return re.search(r"https?://[^/\s]+(/connexion/lien/\S+)", mail.outbox[-1].body).group(1)


def test_sign_in_page_without_oidc_settings_has_no_proconnect_button(client, settings):
    settings.INTS_OIDC_DISCOVERY_URL = ""
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert "ProConnect" not in response.content.decode()
    assert "Recevoir mon lien de connexion" in response.content.decode()


def test_oidc_urls_answer_404_without_settings(client, settings):
    settings.INTS_OIDC_DISCOVERY_URL = ""
    assert client.get("/connexion/proconnect/").status_code == 404
    assert client.get("/connexion/proconnect/retour/?code=x&state=y").status_code == 404


def test_link_request_sends_one_mail_and_stores_only_a_hash(client):
    response = request_link(client)
    assert response.status_code == 200
    assert "Vérifiez votre boîte de réception" in response.content.decode()
    assert len(mail.outbox) == 1
    token = emailed_link_path().rstrip("/").rsplit("/", 1)[-1]
    link = SignInLink.objects.get()
    assert link.token_hash == hash_token(token)
    assert link.expires_at - link.created_at == datetime.timedelta(minutes=30)
    stored = OutboxMessage.objects.get()
    assert token not in stored.body_text + stored.body_html + str(stored.links)
    assert not SignInLink.objects.filter(token_hash=token).exists()


def test_unknown_and_known_addresses_get_the_same_answer(client):
    get_user_model().objects.create_user("known", email="connu@example.fr")
    known = request_link(client, "connu@example.fr")
    unknown = request_link(client, "inconnu@example.fr")
    assert known.status_code == unknown.status_code == 200
    assert _comparable(known, "connu@") == _comparable(unknown, "inconnu@")


def _comparable(response, local_part):
    """The page without what changes on every response (CSP nonce, CSRF token) nor the address."""
    html = response.content.decode().replace(local_part, "X@")
    return re.sub(r'(nonce|value)="[^"]+"', "", html)


def test_staff_address_gets_the_same_answer_and_no_link(client):
    get_user_model().objects.create_user("agent", email="agent@ints.gouv.fr", is_staff=True)
    response = request_link(client, "agent@ints.gouv.fr")
    assert response.status_code == 200
    assert "Vérifiez votre boîte de réception" in response.content.decode()
    assert mail.outbox == []
    assert not SignInLink.objects.exists()


def test_get_on_the_link_shows_a_button_and_does_not_sign_in(client):
    request_link(client)
    response = client.get(emailed_link_path())
    assert response.status_code == 200
    assert "Me connecter" in response.content.decode()
    assert SignInLink.objects.get().used_at is None
    assert "_auth_user_id" not in client.session


def test_post_on_the_link_signs_in_a_new_contributor_once(client):
    request_link(client, "Lea.Dubois@Example.fr")
    path = emailed_link_path()
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/mes-contributions/"
    user = get_user_model().objects.get(email="lea.dubois@example.fr")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not user.is_staff and not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [CONTRIBUTORS]
    assert ContributorProfile.objects.get(user=user).last_sign_in_method == "email_link"
    client.logout()
    again = client.post(path)
    assert again.status_code == 400
    assert "Lien invalide ou expiré" in again.content.decode()
    assert client.get(path).status_code == 400


def test_link_expires_after_30_minutes(client, monkeypatch):
    request_link(client)
    path = emailed_link_path()
    later = timezone.now() + datetime.timedelta(minutes=30, seconds=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400
    assert "_auth_user_id" not in client.session


def test_link_works_just_before_30_minutes(client, monkeypatch):
    request_link(client)
    path = emailed_link_path()
    later = timezone.now() + datetime.timedelta(minutes=29, seconds=50)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert client.post(path).status_code == 302


def test_existing_contributor_signs_in_to_the_same_account_and_next_page(client):
    user = get_user_model().objects.create_user("c", email="lea.dubois@example.fr")
    request_link(client, next="/pratiques-inspirantes/")
    response = client.post(emailed_link_path())
    assert response["Location"] == "/pratiques-inspirantes/"
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("next_path", ["https://evil.example/", "//evil.example/", "/admin/"])
def test_foreign_or_admin_next_is_ignored(client, next_path):
    request_link(client, next=next_path)
    assert client.post(emailed_link_path())["Location"] == "/mes-contributions/"


def test_forged_token_is_refused_with_a_french_page(client):
    response = client.post("/connexion/lien/pas-un-jeton/")
    assert response.status_code == 400
    assert "Lien invalide ou expiré" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": ""}, "Indiquez votre adresse électronique."),
        ({"email": "pas-une-adresse"}, "Cette adresse électronique n"),
        ({"email": "a@example.fr", "website": "http://spam"}, "pas pu être enregistrée"),
    ],
)
def test_bad_input_shows_french_errors(client, data, message):
    response = client.post(REQUEST, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert mail.outbox == []


def test_rate_limit_gives_429_with_a_french_page(client, settings):
    settings.INTS_SIGN_IN_LINK_RATE_LIMIT = 2
    assert request_link(client, "a@example.fr").status_code == 200
    assert request_link(client, "b@example.fr").status_code == 200
    response = request_link(client, "c@example.fr")
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert len(mail.outbox) == 2


def test_contributor_is_refused_by_the_admin(client):
    request_link(client)
    client.post(emailed_link_path())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_sign_out_is_post_only(client):
    request_link(client)
    client.post(emailed_link_path())
    assert client.get("/deconnexion/").status_code == 405
    response = client.post("/deconnexion/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_header_shows_sign_in_then_the_name_and_my_contributions(client):
    assert "Se connecter" in client.get(SIGN_IN).content.decode()
    user = get_user_model().objects.create_user(
        "c", email="c@example.fr", first_name="Léa", last_name="Dubois"
    )
    client.force_login(user)
    page = client.get(SIGN_IN).content.decode()
    assert "Léa Dubois" in page
    assert 'href="/mes-contributions/"' in page
    assert "Se déconnecter" in page


def test_sign_in_page_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(SIGN_IN)
