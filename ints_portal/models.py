from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils.translation import gettext_lazy as _

from ints_portal.applications.models import (  # noqa: F401  (the app's models)
    ApplicationAccess,
    ApplicationEvent,
    RulesChange,
)


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec définitif")


class OutboxMessageQuerySet(models.QuerySet):
    def due(self, *, now):
        return self.filter(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)


class OutboxMessage(models.Model):
    """One email, rendered and stored in the transaction that caused it (transactional outbox).

    A worker sends it after the commit (ints_portal/outbox.py); the Message-ID is fixed here, at
    queue time, so a retry is recognisably the same message.
    """

    created_at = models.DateTimeField(_("mis en file le"), auto_now_add=True)
    template_prefix = models.CharField(_("modèle"), max_length=200)
    recipients = models.JSONField(_("destinataires"))
    from_email = models.CharField(_("expéditeur"), max_length=300)
    subject = models.CharField(_("objet"), max_length=998)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=300, unique=True)
    status = models.CharField(
        _("état"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"))
    last_error = models.TextField(_("dernière erreur"), blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("courriel en file")
        verbose_name_plural = _("courriels (file d'envoi)")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_queued_due",
                condition=models.Q(status="queued"),
            )
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.recipients)}"

    def as_email(self, *, connection=None):
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body_text,
            from_email=self.from_email,
            to=self.recipients,
            headers={**self.headers, "Message-ID": self.message_id},
            connection=connection,
        )
        if self.body_html:
            message.attach_alternative(self.body_html, "text/html")
        return message
