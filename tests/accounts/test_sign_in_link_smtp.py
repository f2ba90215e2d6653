"""The emailed link through a real SMTP server (aiosmtpd, as in tests/deploy): received,
used once, not twice."""

import re

import pytest

from tests.deploy.stack import SMTPServer
from tests.support.seaweedfs import free_ports

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    (port,) = free_ports(1)
    server = SMTPServer(port)
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield server
    server.stop()


def test_link_received_by_smtp_signs_in_once(client, smtp):
    assert client.post("/connexion/lien/", {"email": "lea@example.fr"}).status_code == 200
    (message,) = smtp.mailbox.to("lea@example.fr")
    assert message["Subject"] == "Votre lien de connexion au portail de l'INTS"
    text = message.get_body(preferencelist=("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/connexion/lien/\S+)", text).group(1)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert "_auth_user_id" in client.session
    client.logout()
    assert client.post(path).status_code == 400
