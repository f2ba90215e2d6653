"""The back-office accounts of the DEBUG demo (accounts.yaml): created once with a confirmed TOTP
device, and printed as one short block at the end of every `load_demo` (and by
`manage.py demo_accounts`).

A password is derived rather than drawn at random, so that it can be printed again on every run
without being kept in clear: from SECRET_KEY and the account's own TOTP key, drawn at random on
this installation (the public development key alone would let anyone compute it)."""

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.crypto import salted_hmac
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import roles
from core.two_factor import requires_two_factor
from resources import demo_loader as loader

ROLES = {
    "curators": roles.CURATORS,
    "cycle.secretariat": roles.CYCLE.secretariat,
    "cycle.committee": roles.CYCLE.committee,
    "calls.secretariat": roles.CALLS.secretariat,
    "calls.committee": roles.CALLS.committee,
    "editorial.writer": roles.WRITERS,
    "editorial.reviewer": roles.REVIEWERS,
    "editorial.editor": roles.EDITORS,
    "research.researcher": roles.RESEARCHERS,
}
DEVICE_NAME = "démo"


def entries():
    return loader.read("accounts")


def password_for(device):
    """The demo password of the account of `device`: 12 letters and digits in groups of four."""
    digest = salted_hmac(
        "ints_portal.demo_accounts",
        device.user.username,
        secret=f"{settings.SECRET_KEY}:{device.key}",
        algorithm="sha256",
    ).digest()
    letters = base64.b32encode(digest).decode().lower()[:12]
    return "-".join(letters[i : i + 4] for i in range(0, 12, 4))


def load():
    """Create the demo accounts that are missing; return {role key: [users]}. Idempotent: an
    account already there keeps its rows (its password is reset only if it no longer matches
    the derived one, as for accounts of an older demo that drew it at random).

    Side effects: creates users (staff, in their group) and their confirmed TOTP device."""
    if not settings.DEBUG:
        return {}
    User = get_user_model()
    by_role = {}
    for entry in entries():
        user, _created = User.objects.get_or_create(
            username=entry["username"],
            defaults={
                "email": f"{entry['username']}@example.org",
                "is_staff": True,
                "first_name": entry["first_name"],
                "last_name": entry["last_name"],
            },
        )
        group = Group.objects.get(name=ROLES[entry["role"]])
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        _refresh(user, entry, device)
        by_role.setdefault(entry["role"], []).append(user)
    return by_role


def _refresh(user, entry, device):
    changed = [name for name in ("first_name", "last_name") if getattr(user, name) != entry[name]]
    for name in changed:
        setattr(user, name, entry[name])
    if not user.check_password(password_for(device)):
        user.set_password(password_for(device))
        changed.append("password")
    if changed:
        user.save(update_fields=changed)


def block():
    """The accounts, their password and TOTP key (base32, as authenticator apps expect) with
    the code of the current 30 seconds, as lines of text; empty outside DEBUG."""
    if not settings.DEBUG:
        return []
    User = get_user_model()
    wanted = [entry["username"] for entry in entries()]
    users = {u.username: u for u in User.objects.filter(username__in=wanted)}
    devices = {
        d.user_id: d
        # the first confirmed device of each account, as load() reads it
        for d in TOTPDevice.objects.filter(user__in=users.values(), confirmed=True)
        .select_related("user")
        .order_by("-pk")
    }
    lines = [f"Comptes de démonstration du back-office ({settings.SITE_URL}/admin/) :"]
    for entry in entries():
        user = users.get(entry["username"])
        if user is None:
            continue
        device = devices.get(user.pk)
        if device is None:
            continue
        if requires_two_factor(user):
            secret = base64.b32encode(device.bin_key).decode()
            code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
            otp = f"TOTP {secret} (code actuel {code:06d})"
        else:
            otp = "sans double authentification"
        lines.append(
            f"  {ROLES[entry['role']]:<26} {user.username:<23} {password_for(device)}  {otp}"
        )
    lines.append(
        "Ajoutez la clé TOTP à une application d'authentification ; "
        "`manage.py demo_accounts` réaffiche ce bloc."
    )
    return lines
