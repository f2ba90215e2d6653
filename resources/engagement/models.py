"""Readers' side of the resource centre: saved-query alerts, anonymous counters, feedback."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AlertScope", "Subscription", "ResourceStat", "Feedback"]


class AlertScope(models.TextChoices):
    RESOURCES = "resources", _("Ressources")
    EVENTS = "events", _("Agenda")
    SEARCH = "search", _("Recherche sur tout le portail")


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Subscription(models.Model):
    """An email alert on a saved query (a filtered list or a search), without any account.

    Double opt-in: nothing is sent until the address is confirmed through a signed link.
    """

    email = models.EmailField(_("adresse électronique"))
    scope = models.CharField(_("rubrique"), max_length=20, choices=AlertScope.choices)
    query_string = models.CharField(_("requête enregistrée"), max_length=1000, blank=True)
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
        return f"{self.email} — {self.label or self.query_string or self.get_scope_display()}"


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
