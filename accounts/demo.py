"""Demo contributors, read from ints_portal/demo_data/contributors.yaml. Idempotent."""

from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import ContributorProfile, SignInMethod
from core.roles import CONTRIBUTORS

DATA = Path(settings.BASE_DIR) / "ints_portal" / "demo_data" / "contributors.yaml"


def load_contributors_demo():
    """Create or update the demo contributors; return a French one-line summary.

    Side effects: users (non-staff, no password, in the contributors' group) and profiles."""
    group = Group.objects.get_or_create(name=CONTRIBUTORS)[0]
    entries = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    for entry in entries:
        user, created = get_user_model().objects.update_or_create(
            username=f"demo-{entry['email'].split('@')[0]}",
            defaults={
                "email": entry["email"],
                "first_name": entry["given_name"],
                "last_name": entry["usual_name"],
                "is_staff": False,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(group)
        ContributorProfile.objects.update_or_create(
            user=user,
            defaults={
                "sub": entry.get("sub"),
                "siret": entry.get("siret", ""),
                "given_name": entry["given_name"],
                "usual_name": entry["usual_name"],
                "last_sign_in_method": (
                    SignInMethod.PROCONNECT if entry.get("sub") else SignInMethod.EMAIL_LINK
                ),
            },
        )
    return f"{len(entries)} contributeurs"
