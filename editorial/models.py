"""What every publishable model carries (`Publishable`) and the log of its moves."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import StatusEvent
from editorial.status import CreditAs, EditorialStatus


class PublishableQuerySet(models.QuerySet):
    """What every publishable model's manager offers: its one validity window."""

    def published(self, *, at=None):
        """Visible to the public: published and its publication date reached (scheduling)."""
        return self.filter(
            status=EditorialStatus.PUBLISHED, publication_date__lte=at or timezone.now()
        )


class Publishable(models.Model):
    """The editorial fields of a publishable model. Only editorial.workflow.transition() writes
    `status` once the object exists."""

    status = models.CharField(
        _("statut éditorial"),
        max_length=20,
        choices=EditorialStatus.choices,
        default=EditorialStatus.DRAFT,
        db_index=True,
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La personne extérieure qui a proposé ce contenu, s'il y en a une."),
    )
    credit_as = models.CharField(
        _("crédit choisi"),
        max_length=20,
        choices=CreditAs.choices,
        blank=True,
    )
    credit_text = models.CharField(
        _("mention du crédit"),
        max_length=200,
        blank=True,
        help_text=_("Ce qui est affiché : un nom, une structure, « une équipe de … »."),
    )
    submitted_at = models.DateTimeField(_("proposée le"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class EditorialEvent(StatusEvent):
    """One move of one publishable object: who, when, from what to what, and the message (the
    reviewer's request, a refusal's reason) that the contributor reads."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target_object = GenericForeignKey("content_type", "object_id")
    source = models.CharField(_("de"), max_length=20, choices=EditorialStatus.choices)
    target = models.CharField(_("vers"), max_length=20, choices=EditorialStatus.choices)
    message = models.TextField(_("message"), blank=True)

    class Meta(StatusEvent.Meta):
        verbose_name = _("changement d'état éditorial")
        verbose_name_plural = _("historique éditorial")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        permissions = [
            ("propose_content", _("Proposer un contenu à la relecture")),
            ("review_content", _("Relire et renvoyer un contenu à son auteur")),
            ("publish_content", _("Publier, refuser ou archiver un contenu")),
        ]


class Link(models.Model):
    """One typed link between two records of the graph (editorial.graph): `kind` names its
    declaration, which says what the two ends are and how each side labels the other."""

    kind = models.CharField(_("type de lien"), max_length=60)
    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("lien entre fiches")
        verbose_name_plural = _("liens entre fiches")
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_id", "target_id"], name="link_unique_per_kind"
            ),
        ]
        # The unique constraint serves lookups by source; this one those by target.
        indexes = [models.Index(fields=["kind", "target_id"], name="link_by_target")]

    def __str__(self):
        return f"{self.kind} : {self.source_type_id}/{self.source_id} → {self.target_id}"
