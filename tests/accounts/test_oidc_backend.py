"""accounts.oidc without a browser: discovery, the tokens it refuses, who it signs in."""

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation

from accounts import oidc, services
from accounts.models import ContributorProfile

pytestmark = pytest.mark.django_db

ISSUER = "https://proconnect.example"
DOCUMENT = {
    "issuer": ISSUER,
    "authorization_endpoint": f"{ISSUER}/authorize",
    "token_endpoint": f"{ISSUER}/token",
    "userinfo_endpoint": f"{ISSUER}/userinfo",
    "jwks_uri": f"{ISSUER}/jwks",
    "id_token_signing_alg_values_supported": ["RS256", "ES256", "HS256", "none"],
}
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def configured(settings):
    settings.INTS_OIDC_DISCOVERY_URL = f"{ISSUER}/.well-known/openid-configuration"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "portail", "secret"
    cache.set(oidc._cache_key(settings.INTS_OIDC_DISCOVERY_URL), DOCUMENT)


def id_token(alg="RS256", key=KEY, **claims):
    now = int(time.time())
    body = {"iss": ISSUER, "aud": "portail", "sub": "s", "iat": now, "exp": now + 60, **claims}
    return jwt.encode(body, key, algorithm=alg)


def test_signing_algorithms_keep_only_asymmetric_ones():
    assert oidc.signing_algorithms(DOCUMENT) == ["RS256", "ES256"]


def test_valid_token_passes(configured):
    backend = oidc.ProConnectBackend()
    assert backend._verify_jws(id_token(), KEY.public_key())["sub"] == "s"


OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ({"alg": "HS256", "key": "s" * 32}, "not announced"),
        ({"aud": "another-client"}, "audience"),
        ({"iss": "https://evil.example"}, "issuer"),
        ({"exp": 1_000_000_000}, "expired"),
        ({"key": OTHER_KEY}, "signature"),
    ],
)
def test_bad_tokens_are_suspicious(configured, how, reason):
    token = id_token(**how)  # made now: the valid ones must not have expired meanwhile
    with pytest.raises(SuspiciousOperation, match=f"(?i){reason}"):
        oidc.ProConnectBackend()._verify_jws(token, KEY.public_key())


def test_unsigned_token_is_refused(configured):
    token = jwt.encode({"sub": "s"}, None, algorithm="none")
    with pytest.raises(SuspiciousOperation):
        oidc.ProConnectBackend()._verify_jws(token, KEY.public_key())


def test_backend_ignores_password_logins_and_reads_nothing_when_unconfigured(rf, settings):
    settings.INTS_OIDC_DISCOVERY_URL = ""
    backend = oidc.ProConnectBackend()  # no settings read, no request made
    assert backend.authenticate(rf.get("/"), username="a", password="b") is None


def test_discovery_unreachable_is_provider_unavailable(settings):
    settings.INTS_OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    with pytest.raises(oidc.ProviderUnavailable):
        oidc.discovery()


def test_staff_account_with_the_same_email_is_not_signed_in(configured):
    staff = get_user_model().objects.create_user("agent", email="a@ints.gouv.fr", is_staff=True)
    backend = oidc.ProConnectBackend()
    (found,) = backend.filter_users_by_claims({"sub": "s", "email": "A@ints.gouv.fr"})
    assert found == staff
    with pytest.raises(SuspiciousOperation):
        backend.update_user(found, {"sub": "s", "email": "a@ints.gouv.fr"})


def test_contributor_from_an_emailed_link_is_linked_to_proconnect(configured):
    user = get_user_model().objects.create_user("c", email="lea@example.fr")
    ContributorProfile.objects.create(user=user)
    backend = oidc.ProConnectBackend()
    (found,) = backend.filter_users_by_claims({"sub": "s-9", "email": "lea@example.fr"})
    services.proconnect_user(user=found, claims={"sub": "s-9", "email": "lea@example.fr"})
    assert ContributorProfile.objects.get(user=user).sub == "s-9"
    # From then on, the subject finds them even with another address.
    (again,) = backend.filter_users_by_claims({"sub": "s-9", "email": "autre@example.fr"})
    assert again == user


def test_logout_url_without_id_token_is_home(rf, configured):
    request = rf.post("/deconnexion/")
    request.session = {}
    assert oidc.provider_logout_url(request) == "/"


def test_logout_url_goes_through_end_session(rf, configured, settings):
    cache.set(
        oidc._cache_key(settings.INTS_OIDC_DISCOVERY_URL),
        {**DOCUMENT, "end_session_endpoint": f"{ISSUER}/logout"},
    )
    request = rf.post("/deconnexion/")
    request.session = {"oidc_id_token": "abc"}
    url = oidc.provider_logout_url(request)
    assert url.startswith(f"{ISSUER}/logout?id_token_hint=abc&post_logout_redirect_uri=")
