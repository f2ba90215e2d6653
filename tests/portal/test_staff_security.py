import html

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import STAFF_GROUPS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mot-de-passe-solide-42"
INDEX = reverse("admin:index")


def login(client, username, password=PASSWORD):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": INDEX}
    )


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_a_curators_password_alone_opens_nothing(client):
    curator = UserFactory(staff=True)
    curator.groups.add(Group.objects.get(name="Curateurs"))

    response = login(client, curator.username)

    assert response.status_code == 302
    for url in (INDEX, "/admin/resources/resource/", "/admin/research/call/"):
        assert client.get(url)["Location"].startswith(reverse("admin:two_factor"))


@pytest.mark.parametrize("group", [*STAFF_GROUPS, None])
def test_every_member_of_staff_must_enrol_then_verify_totp(client, group, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # in production a wrong code slows the next tries
    user = UserFactory(staff=True, is_superuser=group is None)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    login(client, user.username)

    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:two_factor"))

    page = client.get(response["Location"])
    assert "Scannez ce code QR" in html.unescape(page.content.decode())
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(reverse("admin:two_factor"), {"token": "000000", "next": INDEX})
    assert "Ce code n'est pas valide" in html.unescape(wrong.content.decode())

    done = client.post(reverse("admin:two_factor"), {"token": current_code(device), "next": INDEX})
    assert done.status_code == 302 and done["Location"] == INDEX
    assert client.get(INDEX).status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    # A new session needs the code again, without re-enrolling.
    client.logout()
    login(client, user.username)
    assert client.get(INDEX).status_code == 302
    assert "Scannez" not in client.get(reverse("admin:two_factor")).content.decode()


def test_two_factor_page_refuses_foreign_redirects(client):
    user = UserFactory(superuser=True)
    login(client, user.username)
    client.get(reverse("admin:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(
        reverse("admin:two_factor"),
        {"token": current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == INDEX


def test_two_factor_page_needs_a_password_login_first(client):
    response = client.get(reverse("admin:two_factor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_repeated_failed_logins_lock_the_account_out(client, settings):
    user = UserFactory(staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, user.username, "mauvais").status_code == 200

    locked = login(client, user.username, "mauvais")
    assert locked.status_code == 429
    assert "la connexion est bloquée pendant une heure" in html.unescape(locked.content.decode())

    # Even the right password is refused while locked out.
    assert login(client, user.username).status_code == 429
    assert client.get(INDEX).status_code == 302


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["azerty", "motdepasse1", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("cheval-agrafe-batterie-correcte")
