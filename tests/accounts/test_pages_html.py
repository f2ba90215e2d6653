"""The sign-in pages, in every state, pass the Nu HTML Checker with 0 errors."""

import re
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.helpers import VNU, nu_html_errors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not VNU.exists() or not shutil.which("java"), reason="vnu-jar and Java"),
]


def sign_in_pages(client, settings):
    yield "sign-in", client.get("/connexion/")
    settings.INTS_OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "portail", "secret"
    yield "sign-in-proconnect", client.get("/connexion/?next=/agenda/")
    yield "sign-in-errors", client.post("/connexion/lien/", {"email": "x"})
    yield "link-sent", client.post("/connexion/lien/", {"email": "lea@example.fr"})
    path = re.search(r"https?://[^/\s]+(/connexion/lien/\S+)", mail.outbox[-1].body).group(1)
    yield "link-confirm", client.get(path)
    yield "link-invalid", client.get("/connexion/lien/faux/")
    yield "oidc-unavailable", client.get("/connexion/proconnect/")  # nothing listens on :9
    yield "oidc-refused", client.get("/connexion/proconnect/retour/?code=a&state=b")
    settings.INTS_SIGN_IN_LINK_RATE_LIMIT = 1
    yield "too-many", client.post("/connexion/lien/", {"email": "lea@example.fr"})
    client.force_login(get_user_model().objects.create_user("c", first_name="Léa"))
    yield "signed-in-header", client.get("/connexion/")


def test_sign_in_pages_have_no_html_errors(client, settings, tmp_path):
    files = []
    for name, response in sign_in_pages(client, settings):
        assert response.status_code in (200, 400, 429, 503), (name, response.status_code)
        (tmp_path / f"{name}.html").write_bytes(response.content)
        files.append(str(tmp_path / f"{name}.html"))
    errors = nu_html_errors(files)
    assert errors == [], "\n".join(errors)
