"""Contributors' accounts: a profile beside Django's user, and the one-time sign-in links."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInMethod(models.TextChoices):
    PROCONNECT = "proconnect", _("ProConnect")
    EMAIL_LINK = "email_link", _("Lien reçu par courriel")


class ContributorProfile(models.Model):
    """What we know of a contributor beyond the user row: ProConnect's subject and claims.

    `sub` is empty for people who only ever signed in by an emailed link. The SIRET ties the
    person to an organisation; its name is looked up later (not here)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contributor_profile",
        verbose_name=_("utilisateur"),
    )
    sub = models.CharField(
        _("identifiant ProConnect (sub)"), max_length=255, unique=True, null=True, blank=True
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    given_name = models.CharField(_("prénom(s)"), max_length=150, blank=True)
    usual_name = models.CharField(_("nom d'usage"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_sign_in_at = models.DateTimeField(_("dernière connexion"), null=True, blank=True)
    last_sign_in_method = models.CharField(
        _("dernier moyen de connexion"), max_length=20, choices=SignInMethod.choices, blank=True
    )

    class Meta:
        verbose_name = _("profil de contributeur")
        verbose_name_plural = _("profils de contributeurs")

    def __str__(self):
        return self.display_name or self.user.email

    @property
    def display_name(self):
        return " ".join(part for part in (self.given_name, self.usual_name) if part)


def hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class SignInLinkQuerySet(models.QuerySet):
    def usable(self, *, now=None):
        return self.filter(used_at=None, expires_at__gt=now or timezone.now())

    def expired(self, *, now=None):
        return self.filter(expires_at__lte=now or timezone.now())


class SignInLink(models.Model):
    """One emailed sign-in link: only the hash of its token is kept (never the token).

    The token is derived from `public_id` with the SECRET_KEY when the email is sent
    (core.links), so neither the database nor the outbox holds anything that opens it."""

    public_id = models.CharField(max_length=32, unique=True, editable=False)
    email = models.EmailField(_("adresse électronique"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    next_path = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)

    objects = SignInLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien de connexion")
        verbose_name_plural = _("liens de connexion")
        indexes = [models.Index(fields=["expires_at"], name="accounts_link_expires_idx")]

    def __str__(self):
        return f"{self.email} ({self.created_at:%Y-%m-%d %H:%M})"
