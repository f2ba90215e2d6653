"""Calls for projects and the applications labs send to them."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import privacy
from applications.models import (
    ApplicationBase,
    ApplicationStatus,
    AttachmentBase,
    CriterionBase,
    DecisionKind,
    MessageTemplateBase,
    ReviewBase,
)
from core.uploads import private_upload_path
from resources.richtext import strip_html

__all__ = [
    "Call",
    "CallDocument",
    "CallApplication",
    "CallAttachment",
    "CallCriterion",
    "CallReview",
    "CallDecisionTemplate",
]


class CallQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class Call(models.Model):
    class State(models.TextChoices):
        UPCOMING = "a-venir", _("À venir")
        OPEN = "ouvert", _("Ouvert")
        CLOSED = "clos", _("Clos")

    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    summary = models.TextField(_("résumé"), max_length=1000)
    description = models.TextField(_("description et axes"))
    eligibility = models.TextField(_("éligibilité"))
    budget = models.DecimalField(_("budget total (€)"), max_digits=12, decimal_places=2)
    max_amount = models.DecimalField(
        _("montant maximal par projet (€)"), max_digits=12, decimal_places=2
    )
    max_duration_months = models.PositiveSmallIntegerField(_("durée maximale (mois)"), default=36)
    themes = models.ManyToManyField(
        "resources.Theme", verbose_name=_("thématiques"), blank=True, related_name="calls"
    )
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    results_date = models.DateField(_("résultats"), null=True, blank=True)
    blind_review = models.BooleanField(_("évaluation anonyme"), default=False)
    is_published = models.BooleanField(_("publié"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        ordering = ["-closes_at"]
        # core/roles.py RULES_PERMISSION, held by the pillar's secretariat only
        permissions = [("change_selection_rules", _("Peut modifier les règles de la sélection"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("research:call_detail", args=[self.slug])

    @property
    def reference_year(self):
        return timezone.localtime(self.opens_at).year

    def state(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return self.State.UPCOMING
        return self.State.OPEN if now < self.closes_at else self.State.CLOSED

    @property
    def current_state(self):
        return self.state()

    def search_document(self):
        return {
            "kind": "appel-a-projets",
            "kind_label": _("Appel à projets"),
            "title": self.title,
            "summary": self.summary,
            "body": strip_html(f"{self.description} {self.eligibility}"),
            "url": self.get_absolute_url(),
            "date": self.opens_at,
            "is_public": self.is_published,
            "themes": list(self.themes.all()),
            "audiences": [],
            "territories": [],
        }


class CallDocument(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("intitulé"), max_length=255)
    file = models.FileField(_("fichier"), upload_to=private_upload_path)
    mime = models.CharField(max_length=100, editable=False, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("document de l'appel")
        verbose_name_plural = _("documents de l'appel")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class CallApplication(ApplicationBase):
    REFERENCE_PREFIX = "AAP"
    TRANSITION_EMAILS = {
        (None, ApplicationStatus.SUBMITTED): "applications/email/acknowledgement",
    }
    DECISIONS = {
        (None, ApplicationStatus.ACCEPTED): DecisionKind.ACCEPTED,
        (None, ApplicationStatus.WAITING_LIST): DecisionKind.WAITING_LIST,
        (None, ApplicationStatus.REJECTED): DecisionKind.REJECTED,
    }
    DEFAULT_DECISIONS = {
        DecisionKind.ACCEPTED: (
            _("Projet $reference retenu — $titre"),
            _(
                "Bonjour $nom,\n\n"
                "Le comité scientifique a retenu votre projet $reference ($titre). L'équipe "
                "de l'Institut vous écrira pour préparer la convention de financement.\n\n"
                "Suivre votre réponse (dans le navigateur où vous l'avez déposée) :\n"
                "$lien\n\n"
                "L'équipe de l'Institut national du travail social"
            ),
        ),
        DecisionKind.WAITING_LIST: (
            _("Projet $reference : liste complémentaire — $titre"),
            _(
                "Bonjour $nom,\n\n"
                "Le comité scientifique a inscrit votre projet $reference ($titre) sur la "
                "liste complémentaire : il pourra être financé si des crédits se libèrent. "
                "Nous vous écrirons dans tous les cas.\n\n"
                "L'équipe de l'Institut national du travail social"
            ),
        ),
        DecisionKind.REJECTED: (
            _("Projet $reference : réponse du comité scientifique — $titre"),
            _(
                "Bonjour $nom,\n\n"
                "Nous sommes au regret de vous informer que votre projet $reference "
                "($titre) n'a pas été retenu par le comité scientifique. Nous vous "
                "remercions de votre réponse à l'appel.\n\n"
                "L'équipe de l'Institut national du travail social"
            ),
        ),
    }

    parent = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("appel")
    )
    project_title = models.CharField(_("titre du projet"), max_length=255, blank=True)
    lead_name = models.CharField(_("porteur du projet"), max_length=200, blank=True)
    lab = models.ForeignKey(
        "research.Lab",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("laboratoire"),
        related_name="call_applications",
    )
    lab_name = models.CharField(_("laboratoire (texte libre)"), max_length=255, blank=True)
    amount_requested = models.DecimalField(
        _("montant demandé (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("réponse à un appel")
        verbose_name_plural = _("réponses aux appels")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "sequence"], name="call_unique_sequence"),
        ]

    def status_path(self):
        return reverse("research:call_application_status", args=[self.parent.slug])

    def resume_path(self, token):
        return reverse("research:call_application_resume", args=[self.parent.slug, token])

    def applicant_name(self):
        return self.lead_name or self.data.get("lead_name", "") or self.email

    def decision_templates(self):
        return CallDecisionTemplate.objects.filter(
            models.Q(parent=self.parent_id) | models.Q(parent=None)
        )

    def selection_title(self):
        return _("Appel à projets : %(title)s") % {"title": self.parent.title}


class CallAttachment(AttachmentBase):
    application = models.ForeignKey(
        CallApplication, on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        constraints = [
            models.UniqueConstraint(fields=["application", "slot"], name="call_one_file_per_slot")
        ]


class CallCriterion(CriterionBase):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")

    class Meta(CriterionBase.Meta):
        verbose_name = _("critère d'évaluation")
        verbose_name_plural = _("critères d'évaluation")


class CallReview(ReviewBase):
    application = models.ForeignKey(
        CallApplication, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("réponse")
    )

    class Meta:
        verbose_name = _("évaluation d'un projet")
        verbose_name_plural = _("évaluations des projets")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="call_one_review_per_member"
            )
        ]


class CallDecisionTemplate(MessageTemplateBase):
    parent = models.ForeignKey(
        Call,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_templates",
        verbose_name=_("appel"),
        help_text=_("Vide : le modèle de tous les appels qui n'ont pas le leur."),
    )

    class Meta:
        verbose_name = _("modèle d'e-mail de décision (appels)")
        verbose_name_plural = _("modèles d'e-mail de décision (appels)")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "status"], name="call_decision_template_per_call"
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(parent=None),
                name="call_decision_template_default",
            ),
        ]


def retention_days(status):
    days = settings.INTS_RETENTION_DAYS
    key = "funded" if status == ApplicationStatus.ACCEPTED else status
    return datetime.timedelta(days=days.get(key, days["default"]))


ZERO = Decimal(0)

privacy.register(
    key="appels_a_projets",
    title=_("Appels à projets"),
    model=CallApplication,
    retention=retention_days,
    personal_fields=("lead_name",),
)
