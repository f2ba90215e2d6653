"""The ground's own model: the email outbox."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import links as secret_links


class StatusEvent(models.Model):
    """One move of one object along a table of moves: who made it, when, from what to what.
    Each log declares `source` and `target` with its own choices, and what it points at."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("par"),
        related_name="+",
    )
    at = models.DateTimeField(_("le"), db_index=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_source_display()} → {self.get_target_display()}"


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec définitif")


class OutboxMessageQuerySet(models.QuerySet):
    def due(self, *, now):
        return self.filter(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)


class OutboxMessage(models.Model):
    """One email, rendered and stored in the transaction that caused it (transactional outbox).

    A worker sends it after the commit (core/outbox.py); the Message-ID is fixed here, at
    queue time, so a retry is recognisably the same message. Secret links are not stored: the
    text holds placeholders, `links` their references, rendered at send time
    (core/links.py). `about` is what the message is for (an application), `kind` why.
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
    links = models.JSONField(_("liens (références)"), default=dict, blank=True, editable=False)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, editable=False
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    about = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("nature"), max_length=60, blank=True, editable=False)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        # Its table was created when the model lived in ints_portal (migration 0002_h11_outbox).
        db_table = "ints_portal_outboxmessage"
        verbose_name = _("courriel en file")
        verbose_name_plural = _("courriels (file d'envoi)")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_queued_due",
                condition=models.Q(status="queued"),
            ),
            models.Index(fields=["content_type", "object_id"], name="outbox_about"),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.recipients)}"

    def as_email(self, *, connection=None):
        """The email to send, its secret links rendered now."""

        def render(text):
            return secret_links.render(text, self.links)

        headers = {k: render(v) for k, v in self.headers.items()}
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=render(self.body_text),
            from_email=self.from_email,
            to=self.recipients,
            headers={**headers, "Message-ID": self.message_id},
            connection=connection,
        )
        if self.body_html:
            message.attach_alternative(render(self.body_html), "text/html")
        return message
