"""ProConnect (OpenID Connect) through mozilla-django-oidc, configured from the environment.

Only three settings come from the environment (INTS_OIDC_DISCOVERY_URL, INTS_OIDC_CLIENT_ID,
INTS_OIDC_CLIENT_SECRET); the endpoints and the signing algorithms are read from the provider's
discovery document, fetched on first use and kept in the shared cache for an hour. Without the
three settings nothing here is reached: the button is hidden and the routes answer 404.

What we add to the library:
* the ID token's audience and issuer are checked (the library leaves `aud` unchecked), and its
  algorithm must be one the provider announces, asymmetric (RS*, ES*, PS*), never `none`/HS*;
* people are matched by ProConnect's `sub` (then by email, for someone who first came by an
  emailed link), and a staff account is never signed in this way: staff use the back-office's
  own login, with two factors;
* the userinfo's `sub` must be the ID token's.
"""

import hashlib
import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts import services
from core.site_url import absolute_url

logger = logging.getLogger(__name__)

DISCOVERY_CACHE_SECONDS = 3600
ASYMMETRIC_PREFIXES = ("RS", "ES", "PS")
SCOPES = "openid email given_name usual_name siret"


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read."""


def is_configured():
    return bool(
        settings.INTS_OIDC_DISCOVERY_URL
        and settings.OIDC_RP_CLIENT_ID
        and settings.OIDC_RP_CLIENT_SECRET
    )


def _cache_key(url):
    return "accounts:oidc:discovery:" + hashlib.sha256(url.encode()).hexdigest()[:32]


def discovery():
    """The provider's `/.well-known/openid-configuration` (a dict), cached for an hour.

    Raises ProviderUnavailable if it cannot be fetched or lacks an endpoint we need."""
    url = settings.INTS_OIDC_DISCOVERY_URL
    if not url:
        raise ImproperlyConfigured("INTS_OIDC_DISCOVERY_URL is not set")
    key = _cache_key(url)
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(f"{url}: {exc}") from exc
        needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if missing := [name for name in needed if not document.get(name)]:
            raise ProviderUnavailable(f"{url}: no {', '.join(missing)}")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def signing_algorithms(document):
    """The asymmetric algorithms the provider announces for ID tokens and signed userinfo
    (RS256 when it says none); never `none` nor HS*, whatever it announces."""
    announced = [
        *(document.get("id_token_signing_alg_values_supported") or ["RS256"]),
        *(document.get("userinfo_signing_alg_values_supported") or []),
    ]
    return [alg for alg in announced if alg.startswith(ASYMMETRIC_PREFIXES)]


class ProConnectBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with its endpoints read from discovery, lazily.

    Django builds every backend on each `authenticate()` (the admin's login too): this one
    reads nothing and fetches nothing until an OpenID Connect callback reaches it."""

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()
        self.OIDC_RP_IDP_SIGN_KEY = None

    def _endpoint(self, name):
        return discovery()[name]

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: self._endpoint("token_endpoint"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: self._endpoint("userinfo_endpoint"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: self._endpoint("jwks_uri"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    # Only tells the library to fetch the provider's keys (JWKS) rather than use the secret;
    # the accepted algorithms are checked in _verify_jws.
    OIDC_RP_SIGN_ALGO = "RS256"

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: a password login never reaches the provider.
        if request is None or "nonce" not in kwargs or not is_configured():
            return None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """The signed JWT's claims, signature checked with the provider's key; its issuer and
        audience whenever it carries them (an ID token must: verify_token)."""
        document = discovery()
        try:
            alg = jwt.get_unverified_header(payload).get("alg")
            unverified = jwt.decode(payload, options={"verify_signature": False})
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"Unreadable JWT: {exc}") from exc
        if alg not in signing_algorithms(document):
            raise SuspiciousOperation(f"Algorithm {alg!r} not announced by the provider")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[alg],
                audience=settings.OIDC_RP_CLIENT_ID if "aud" in unverified else None,
                issuer=document["issuer"] if "iss" in unverified else None,
                options={"require": ["sub"], "verify_aud": "aud" in unverified},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"JWT verification failed: {exc}") from exc

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # An ID token (the one checked with a nonce) names its issuer and audience and expires;
        # a signed userinfo (ProConnect's) may carry fewer claims.
        if kwargs.get("nonce") is not None and not {"iss", "aud", "exp", "iat"} <= payload.keys():
            raise SuspiciousOperation("ID token without iss, aud, exp or iat")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo sub differs from the ID token's")
        return claims

    def filter_users_by_claims(self, claims):
        sub = claims.get("sub")
        if not sub:
            return self.UserModel.objects.none()
        users = self.UserModel.objects.filter(contributor_profile__sub=sub)
        if users.exists():
            return users
        email = (claims.get("email") or "").strip()
        return self.UserModel.objects.filter(email__iexact=email, contributor_profile__sub=None)

    def create_user(self, claims):
        return services.proconnect_user(user=None, claims=claims)

    def update_user(self, user, claims):
        if user.is_staff or user.is_superuser:
            raise SuspiciousOperation("A staff account does not sign in through ProConnect")
        return services.proconnect_user(user=user, claims=claims)


def provider_logout_url(request):
    """Where logging out sends the browser: the provider's end_session_endpoint (ProConnect
    ends its own session there, then comes back to the home page), else the home page.

    Called by mozilla-django-oidc's logout view before the Django session ends
    (OIDC_OP_LOGOUT_URL_METHOD)."""
    home = absolute_url(reverse("home"))
    id_token = request.session.get("oidc_id_token")
    if not (id_token and is_configured()):
        return reverse("home")
    try:
        end_session = discovery().get("end_session_endpoint")
    except ProviderUnavailable:
        logger.warning("ProConnect unreachable at logout: its session stays open")
        return reverse("home")
    if not end_session:
        return reverse("home")
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": home})
    return f"{end_session}?{query}"
