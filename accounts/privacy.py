"""Contributors' accounts as personal data: the right-of-access export and the purge.

A section of the one privacy registry, core/privacy.py: `SECTION` holds its `register()`
arguments, registered by `AccountsConfig.ready`.
`export_person` and `purge` are the same data in the shapes of applications/privacy.py.

What is purged:
* sign-in links once expired for a day (they hold an address), with the emails sent about them;
* contributor accounts (non-staff users with a profile) not signed in for
  INTS_CONTRIBUTOR_RETENTION_DAYS (12 months) and without any contribution: no row anywhere
  whose `contributor` foreign key points to them (editorial.Publishable's field, found by
  introspection so that this floor imports nothing above it).
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from accounts.models import ContributorProfile, SignInLink
from core.models import OutboxMessage

TITLE = "Comptes des contributeurs"
LINK_GRACE = datetime.timedelta(days=1)


def _iso(value):
    return value.isoformat() if value else None


def _contribution_fields():
    """(model, field name) of every foreign key to the user model named `contributor`."""
    user_model = get_user_model()
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.name == "contributor"
        and getattr(field, "related_model", None) is user_model
        and field.concrete
    ]


def has_contributions(user):
    return any(
        model._default_manager.filter(**{f"{name}_id": user.pk}).exists()
        for model, name in _contribution_fields()
    )


def export_person(*, email):
    """The contributor account and the sign-in links of `email` (right of access)."""
    email = email.strip().lower()
    profiles = ContributorProfile.objects.select_related("user").filter(user__email__iexact=email)
    return {
        "comptes_contributeurs": [
            {
                "email": profile.user.email,
                "prenom": profile.given_name,
                "nom_usage": profile.usual_name,
                "siret": profile.siret,
                "identifiant_proconnect": profile.sub or "",
                "cree_le": _iso(profile.created_at),
                "derniere_connexion": _iso(profile.last_sign_in_at),
                "moyen_de_connexion": profile.get_last_sign_in_method_display(),
            }
            for profile in profiles
        ],
        "liens_de_connexion": [
            {"cree_le": _iso(link.created_at), "utilise_le": _iso(link.used_at)}
            for link in SignInLink.objects.filter(email__iexact=email)
        ],
    }


def purge(*, now=None, dry_run=False):
    """Delete expired sign-in links and dormant contributor accounts without contributions;
    returns [(title, deleted, 0)].

    Side effects: deletes SignInLink rows and the outbox messages about them; deletes users
    (their profile goes with them) unless `dry_run`."""
    links, accounts = _purge(now=now or timezone.now(), dry_run=dry_run)
    return [(TITLE, links + accounts, 0)]


def _purge(*, now, dry_run):
    links = SignInLink.objects.expired(now=now - LINK_GRACE)
    retention = datetime.timedelta(days=settings.INTS_CONTRIBUTOR_RETENTION_DAYS)
    dormant = [
        profile.user
        for profile in ContributorProfile.objects.select_related("user").filter(
            Q(last_sign_in_at__lt=now - retention)
            | Q(last_sign_in_at=None, created_at__lt=now - retention),
            user__is_staff=False,
            user__is_superuser=False,
        )
        if not has_contributions(profile.user)
    ]
    deleted_links = links.count()
    if not dry_run:
        OutboxMessage.objects.filter(
            content_type=ContentType.objects.get_for_model(SignInLink),
            object_id__in=links.values("pk"),
        ).delete()
        links.delete()
        for user in dormant:
            user.delete()
    return deleted_links, len(dormant)


def export_rows(email):
    """The registry's export of one address: JSON-serialisable rows."""
    data = export_person(email=email)
    return [
        *({"compte": row} for row in data["comptes_contributeurs"]),
        *({"lien_de_connexion": row} for row in data["liens_de_connexion"]),
    ]


def purge_report(*, now, dry_run):
    """The registry's purge: what was (or would be) deleted, in French."""
    links, accounts = _purge(now=now, dry_run=dry_run)
    return f"{accounts} compte(s) sans contribution et {links} lien(s) de connexion supprimés"


SECTION = {
    "key": "comptes_contributeurs",
    "title": TITLE,
    "export": export_rows,
    "purge": purge_report,
}
