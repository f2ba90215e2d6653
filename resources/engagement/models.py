"""Readers' side of the resource centre: saved-query alerts, anonymous counters, feedback."""

import uuid

from django.db import models
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from resources import selection

__all__ = ["Subscription", "ResourceStat", "Feedback"]


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Subscription(models.Model):
    """An email alert on a saved selection (resources.selection), without any account: the
    list it belongs to (`scope`, a followable list's key), its filters and text query
    (`query_string`, normalised); the digest applies exactly that selection.

    Double opt-in: nothing is sent until the address is confirmed through a signed link.
    """

    email = models.EmailField(_("adresse électronique"))
    scope = models.CharField(_("liste suivie"), max_length=30)
    query_string = models.CharField(
        _("filtres et recherche enregistrés"), max_length=1000, blank=True
    )
    # The selection in words when it was saved (the back-office's column); emails and pages
    # say it again from the current labels (describe()).
    label = models.CharField(_("intitulé"), max_length=300, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("dernier envoi le"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("alerte par courriel")
        verbose_name_plural = _("alertes par courriel")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "scope", "query_string"], name="subscription_unique_query"
            ),
        ]

    def __str__(self):
        return f"{self.email} — {self.label or self.query_string or self.scope}"

    @property
    def selection(self):
        """The saved selection, or None if its list is no longer followable."""
        if selection.get(self.scope) is None:
            return None
        return selection.read(self.scope, QueryDict(self.query_string))

    @cached_property
    def description(self):
        """What is followed, in words (« Ressources · thématique Protection de l'enfance »)."""
        saved = self.selection
        return saved.describe() if saved is not None else self.label or self.scope


class ResourceStat(models.Model):
    """Views and downloads of a resource per day: counted without cookies or third parties."""

    resource = models.ForeignKey(
        "resources.Resource", on_delete=models.CASCADE, related_name="stats"
    )
    day = models.DateField(_("jour"))
    views = models.PositiveIntegerField(_("consultations"), default=0)
    downloads = models.PositiveIntegerField(_("téléchargements"), default=0)

    class Meta:
        verbose_name = _("statistique de fréquentation")
        verbose_name_plural = _("statistiques de fréquentation")
        constraints = [
            models.UniqueConstraint(fields=["resource", "day"], name="resourcestat_unique_day"),
        ]

    def __str__(self):
        return f"{self.resource_id} {self.day}"


class Feedback(models.Model):
    resource = models.ForeignKey(
        "resources.Resource",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("ressource"),
    )
    useful = models.BooleanField(_("utile"))
    comment = models.TextField(_("commentaire"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("avis de lecteur")
        verbose_name_plural = _("avis des lecteurs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{'👍' if self.useful else '👎'} {self.resource_id}"
