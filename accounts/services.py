"""Signing contributors in: their user and profile, and the one-time emailed links."""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import ContributorProfile, SignInLink, SignInMethod, hash_token
from core.emails import send_templated_email
from core.links import SecretLink, now_stamp, sign_at
from core.roles import CONTRIBUTORS

LINK_LIFETIME = datetime.timedelta(minutes=30)
LINK_SALT = "accounts.sign_in_link"
LINK_KIND = "sign_in"


def _new_contributor(*, email, first_name="", last_name=""):
    user = get_user_model().objects.create_user(
        username=f"contributeur-{secrets.token_hex(8)}",
        email=email,
        first_name=first_name[:150],
        last_name=last_name[:150],
        is_staff=False,
    )  # no password: unusable, so the admin's login form never accepts this account
    user.groups.add(Group.objects.get_or_create(name=CONTRIBUTORS)[0])
    return user


def _signed_in(profile, method):
    profile.last_sign_in_at = timezone.now()
    profile.last_sign_in_method = method
    profile.save()
    return profile.user


def proconnect_user(*, user, claims):
    """The contributor ProConnect's `claims` describe: `user` updated, or a new one.

    Side effects: creates the user (non-staff, in the contributors' group) when `user` is None;
    creates or updates its profile (sub, SIRET, names, last sign-in)."""
    given_name = (claims.get("given_name") or "").strip()
    usual_name = (claims.get("usual_name") or "").strip()
    email = (claims.get("email") or "").strip().lower()
    if user is None:
        user = _new_contributor(email=email, first_name=given_name, last_name=usual_name)
    else:
        user.first_name, user.last_name = given_name[:150], usual_name[:150]
        user.email = email or user.email
        user.save(update_fields=["first_name", "last_name", "email"])
    profile, _created = ContributorProfile.objects.get_or_create(user=user)
    profile.sub = claims["sub"]
    profile.siret = "".join(ch for ch in str(claims.get("siret") or "") if ch.isdigit())[:14]
    profile.given_name, profile.usual_name = given_name[:150], usual_name[:150]
    return _signed_in(profile, SignInMethod.PROCONNECT)


def link_token(*, id, at):
    """The token of a link: derived from its public id with the SECRET_KEY, kept nowhere."""
    return sign_at(id, salt=LINK_SALT, at=at)


def link_path(*, id, at):
    """The emailed link's path (the resolver of the "sign_in" secret links: core.links)."""
    return reverse("accounts:link_confirm", args=[link_token(id=id, at=at)])


def may_receive_link(email):
    """Staff sign in at the back-office (two factors), and a disabled account stays closed."""
    found = get_user_model().objects.filter(email__iexact=email)
    return not found.filter(is_staff=True).exists() and not found.filter(is_active=False).exists()


def send_sign_in_link(*, email, next_path=""):
    """Email a one-time link valid LINK_LIFETIME to `email`, unless it belongs to staff or to a
    disabled account (the caller answers the same either way: no account enumeration).

    Side effects: one SignInLink row holding the token's hash only; one queued email whose link
    is rendered at sending time (core.links), so the token is stored nowhere."""
    email = email.strip().lower()
    if not may_receive_link(email):
        return None
    public_id, at, now = secrets.token_hex(16), now_stamp(), timezone.now()
    link = SignInLink.objects.create(
        public_id=public_id,
        email=email,
        token_hash=hash_token(link_token(id=public_id, at=at)),
        next_path=next_path,
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    send_templated_email(
        to=email,
        template_prefix="accounts/email/sign_in_link",
        context={
            "link": SecretLink(LINK_KIND, id=public_id, at=at),
            "minutes": int(LINK_LIFETIME.total_seconds() // 60),
        },
        about=link,
        kind="sign_in_link",
    )
    return link


def usable_link(token):
    """The SignInLink of `token` if it is unused and unexpired, else None (read only)."""
    return SignInLink.objects.usable().filter(token_hash=hash_token(token)).first()


def consume_link(*, token):
    """Use the link of `token` once: its person's user (created if new), or None.

    Side effects: marks the link used (under a row lock: two clicks, one sign-in); creates the
    user and profile for a new address; updates the last sign-in."""
    with transaction.atomic():
        link = (
            SignInLink.objects.usable()
            .select_for_update()
            .filter(token_hash=hash_token(token))
            .first()
        )
        if link is None or not may_receive_link(link.email):
            return None, None
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        user = get_user_model().objects.filter(email__iexact=link.email, is_staff=False).first()
        if user is None:
            user = _new_contributor(email=link.email)
        profile, _created = ContributorProfile.objects.get_or_create(user=user)
        return _signed_in(profile, SignInMethod.EMAIL_LINK), link
