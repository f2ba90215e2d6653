"""The contributors' sign-in pages: ProConnect, the emailed one-time link, signing out."""

import logging

import requests
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from accounts import oidc, services
from accounts.forms import SignInLinkForm
from core import rate_limits

logger = logging.getLogger(__name__)

LINK_LIMIT = {"bucket": "sign_in_link", "period_seconds": 3600}
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def safe_next(request, value):
    """`value` if it is a path of this site outside the back-office, else ''."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith(reverse("admin:index")):
        return ""
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return value


def _sign_in_page(request, form, *, status=200):
    context = {"form": form, "proconnect": oidc.is_configured()}
    context["next"] = form["next"].value() or ""
    return render(request, "accounts/sign_in.html", context, status=status)


@require_GET
def sign_in(request):
    """Both ways in on one page: ProConnect first (when configured), then the emailed link."""
    next_path = safe_next(request, request.GET.get("next"))
    return _sign_in_page(request, SignInLinkForm(initial={"next": next_path}))


@require_http_methods(["GET", "POST"])
def link_request(request):
    """Email a one-time link; the answer is the same whether or not the address is known."""
    if request.method == "GET":
        return redirect("accounts:sign_in")
    limit = settings.INTS_SIGN_IN_LINK_RATE_LIMIT
    if wait := rate_limits.retry_after(request, limit=limit, **LINK_LIMIT):
        return rate_limits.too_many_response(request, retry_after=wait)
    form = SignInLinkForm(request.POST)
    if not form.is_valid():
        return _sign_in_page(request, form, status=400)
    rate_limits.record_action(request=request, **LINK_LIMIT)
    email = form.cleaned_data["email"]
    services.send_sign_in_link(email=email, next_path=safe_next(request, form.cleaned_data["next"]))
    minutes = int(services.LINK_LIFETIME.total_seconds() // 60)
    return render(request, "accounts/link_sent.html", {"email": email, "minutes": minutes})


@require_http_methods(["GET", "POST"])
def link_confirm(request, token):
    """GET shows a button (mail scanners that fetch links must not use them up); POST signs in."""
    if request.method == "GET":
        if services.usable_link(token) is None:
            return render(request, "accounts/link_invalid.html", status=400)
        return render(request, "accounts/link_confirm.html", {"token": token})
    user, link = services.consume_link(token=token)
    if user is None:
        return render(request, "accounts/link_invalid.html", status=400)
    auth.login(request, user, backend=MODEL_BACKEND)
    return redirect(safe_next(request, link.next_path) or resolve_url(settings.LOGIN_REDIRECT_URL))


def _failure(request, *, status=400, unavailable=False):
    return render(request, "accounts/oidc_failed.html", {"unavailable": unavailable}, status=status)


class ConfiguredOnly:
    """The OpenID Connect views answer 404 while INTS_OIDC_* are not set."""

    def __init__(self, **kwargs):  # the library's reads settings here: we read them lazily
        for key, value in kwargs.items():
            setattr(self, key, value)

    def dispatch(self, request, *args, **kwargs):
        if not oidc.is_configured():
            raise Http404
        try:
            return super().dispatch(request, *args, **kwargs)
        except oidc.ProviderUnavailable as exc:
            logger.warning("ProConnect unavailable: %s", exc)
            return _failure(request, status=503, unavailable=True)


class ProConnectStart(ConfiguredOnly, OIDCAuthenticationRequestView):
    """Sends the browser to the provider with state, nonce and a PKCE challenge."""

    OIDC_OP_AUTH_ENDPOINT = property(lambda self: oidc.discovery()["authorization_endpoint"])
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)


class ProConnectCallback(ConfiguredOnly, OIDCAuthenticationCallbackView):
    """The provider's answer: a forged, replayed or tampered one gets a French page, not a 500."""

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation as exc:
            logger.warning("ProConnect callback refused: %s", exc)
        except requests.RequestException as exc:
            # The token endpoint refused the code (already used, expired, not ours).
            logger.warning("ProConnect token request failed: %s", exc)
        return self.login_failure()

    def login_failure(self):
        return _failure(self.request)


class SignOut(OIDCLogoutView):
    """POST only; ends the ProConnect session too when the provider offers it."""

    http_method_names = ["post"]
