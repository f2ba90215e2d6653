"""The application-and-review workflow shared by the calls for projects (research) and the cycle
des hautes études: abstract models that each pillar makes concrete, plus one access log.

An application keeps what the applicant typed, raw, in `data` (so nothing is lost on a validation
error) and its files as attachments; submitting validates every step, copies the summary fields
into columns (for the committee's lists and balance views) and assigns a reference number once."""

import hashlib
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.links import SecretLink, now_stamp, sign_at
from core.models import StatusEvent
from core.uploads import private_upload_path


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    COMPLETE = "complete", _("Complète")
    SHORTLISTED = "shortlisted", _("Présélectionnée")
    INTERVIEW = "interview", _("Entretien")
    ACCEPTED = "accepted", _("Retenue")
    CONFIRMED = "confirmed", _("Place confirmée")
    WAITING_LIST = "waiting_list", _("Liste d'attente")
    REJECTED = "rejected", _("Non retenue")
    WITHDRAWN = "withdrawn", _("Retirée")


DECIDED = {
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.CONFIRMED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.WAITING_LIST,
}
CLOSED = {ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}


class DecisionKind(models.TextChoices):
    """The messages a decision sends to the applicant (applications/decisions.py);
    each pillar maps its moves to them (`DECISIONS`) and gives their default text."""

    ACCEPTED = "accepted", _("Candidature retenue")
    PROMOTED = "promoted", _("Place proposée depuis la liste d'attente")
    WAITING_LIST = "waiting_list", _("Inscription sur la liste d'attente")
    REJECTED = "rejected", _("Candidature non retenue")
    CONFIRMED = "confirmed", _("Place confirmée")
    RELEASED = "released", _("Place libérée (renoncement ou délai dépassé)")
    EMPLOYER_AGREED = "employer_agreed", _("Accord de l'employeur")
    EMPLOYER_REFUSED = "employer_refused", _("Refus de l'employeur")


def hash_token(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class ApplicationBase(models.Model):
    """Concrete subclasses add the parent (call, edition) as `parent` and summary columns."""

    reference = models.CharField(
        _("référence"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    email = models.EmailField(_("courriel du candidat"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # What signed links name instead of the sequential id (which would tell how many apply).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    data = models.JSONField(_("réponses"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True, editable=False)
    status_changed_at = models.DateTimeField(
        _("statut modifié le"), null=True, blank=True, editable=False
    )
    decision_sent_at = models.DateTimeField(
        _("décision envoyée le"), null=True, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True, editable=False)
    events = GenericRelation("applications.ApplicationEvent")

    REFERENCE_PREFIX = "XX"
    # Workflow hooks (applications.workflow), declared by each pillar:
    CONFIRMS_PLACE = False  # an accepted candidate must confirm before a deadline
    # {(from or None, to): email template prefix} sent to the applicant after the move
    TRANSITION_EMAILS = {}
    # {(from or None, to): DecisionKind}: the editable decision message a move sends
    DECISIONS = {}
    # {DecisionKind: (subject, body)}: the French default of each message ($placeholders)
    DEFAULT_DECISIONS = {}

    class Meta:
        abstract = True

    def __str__(self):
        return self.reference or _("Brouillon n° %(pk)s") % {"pk": self.pk}

    def issue_token(self):
        """A new random secret; only its hash is stored. Emails carry signed links now
        (secret_link): the hash still opens links sent before, and fills the unique column."""
        raw = secrets.token_urlsafe(32)
        self.token_hash = hash_token(raw)
        return raw

    @classmethod
    def by_token(cls, raw):
        if not raw or len(raw) > 100:
            return None
        return cls.objects.filter(token_hash=hash_token(raw), anonymised_at=None).first()

    def signed(self, purpose, *, at=None):
        """A link token for one purpose ("resume", "place") that stores nothing: issuing one
        never invalidates another. It names the random public id, signed as of `at`."""
        return sign_at(
            str(self.public_id), salt=f"{self._meta.label_lower}:{purpose}", at=at or now_stamp()
        )

    @classmethod
    def by_signed(cls, value, purpose, *, max_age):
        if not value or len(value) > 200:
            return None
        try:
            public_id = uuid.UUID(
                signing.loads(value, salt=f"{cls._meta.label_lower}:{purpose}", max_age=max_age)
            )
        except (signing.BadSignature, TypeError, ValueError, AttributeError):
            return None
        return cls.objects.filter(public_id=public_id, anonymised_at=None).first()

    def secret_link(self, purpose):
        """This application's link for `purpose`, for an email: rendered when it is sent
        (core/links.py), signed as of now."""
        return SecretLink(
            "application",
            model=self._meta.label_lower,
            id=str(self.public_id),
            purpose=purpose,
            at=now_stamp(),
        )

    def secret_path(self, purpose, *, at):
        """The path of a secret link (called at send time)."""
        if purpose == "resume":
            return self.resume_path(self.signed("resume", at=at))
        if purpose == "place":
            return self.confirmation_path(at=at)
        raise ValueError(purpose)

    @property
    def is_draft(self):
        return self.status == ApplicationStatus.DRAFT

    @property
    def can_withdraw(self):
        from applications.workflow import allowed

        return allowed(self.status, ApplicationStatus.WITHDRAWN)

    # Workflow hooks ------------------------------------------------------------------------
    def status_path(self):
        """The applicant's status page (opened with the session the emailed link set)."""
        raise NotImplementedError

    def resume_path(self, token):
        """The page an emailed resume link opens."""
        raise NotImplementedError

    def confirmation_path(self, *, at=None):
        raise NotImplementedError

    def selection_title(self):
        return str(self.parent)

    def applicant_name(self):
        return self.email

    def history_facts(self):
        """[(date, French label)] the pillar adds to the applicant's history."""
        return []

    def decision_templates(self):
        """The pillar's editable decision messages for this application's parent, and those
        for every parent (parent empty)."""
        return []

    def on_transition(self, *, source, target, now):
        """Set the pillar's own fields for a move; return the names of the fields changed."""
        return []


class AttachmentBase(models.Model):
    """One file in one slot ("cv", "employer_agreement"…) of an application: private storage."""

    slot = models.CharField(_("pièce"), max_length=40)
    file = models.FileField(_("fichier"), upload_to=private_upload_path)
    mime = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.slot


class CriterionBase(models.Model):
    name = models.CharField(_("critère"), max_length=200)
    description = models.TextField(_("ce qui est attendu"), blank=True)
    weight = models.DecimalField(
        _("pondération"), max_digits=4, decimal_places=2, default=Decimal("1")
    )
    max_score = models.PositiveSmallIntegerField(_("note maximale"), default=5)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class ReviewBase(models.Model):
    """One committee member's review of one application. The member first declares a conflict
    of interest or its absence; only then may they read the application and score it."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        verbose_name=_("membre du comité"),
        related_name="+",
    )
    has_conflict = models.BooleanField(_("conflit d'intérêts"), null=True, default=None)
    conflict_reason = models.CharField(_("nature du conflit"), max_length=255, blank=True)
    declared_at = models.DateTimeField(_("déclaré le"), null=True, blank=True)
    scores = models.JSONField(_("notes"), default=dict, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    score = models.DecimalField(
        _("note pondérée /20"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    scored_at = models.DateTimeField(_("évaluée le"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.application} — {self.reviewer}"

    @property
    def can_read(self):
        return self.has_conflict is False

    def weighted_score(self, criteria):
        """Weighted mean on a 0–20 scale, or None if a criterion is not scored."""
        total = weights = Decimal(0)
        for criterion in criteria:
            score = self.scores.get(str(criterion.pk))
            if score is None:
                return None
            total += Decimal(score) / criterion.max_score * 20 * criterion.weight
            weights += criterion.weight
        return (total / weights).quantize(Decimal("0.01")) if weights else None


class MessageTemplateBase(models.Model):
    """A decision email editable by the secretariat, for one parent (edition, call) or for all
    (parent empty); $placeholders are filled when the decision is taken. Without one, the
    pillar's French default is sent (DEFAULT_DECISIONS)."""

    status = models.CharField(_("décision"), max_length=20, choices=DecisionKind.choices)
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(
        _("message"),
        help_text=_(
            "Variables : $nom, $reference, $titre, $lien (suivi de la candidature), "
            "$lien_confirmation et $date_limite (place à confirmer), $motif (refus de "
            "l'employeur)."
        ),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.get_status_display()

    CONFIRMS_PLACE = False  # the pillar's accepted candidates confirm with a link

    def clean(self):
        if (
            self.CONFIRMS_PLACE
            and self.status in CONFIRM_LINK_KINDS
            and "$lien_confirmation" not in self.body
        ):
            raise ValidationError(
                {
                    "body": _(
                        "Ce message doit contenir $lien_confirmation : sans ce lien, la "
                        "personne retenue ne peut pas confirmer sa place."
                    )
                }
            )


# Decisions whose message must carry the link to confirm the place (pillars that confirm).
CONFIRM_LINK_KINDS = {DecisionKind.ACCEPTED, DecisionKind.PROMOTED}


class ApplicationAccess(models.Model):
    """Every time staff open an application, one row: who, what, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("utilisateur")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    application = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=40)
    at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = "ints_portal_applicationaccess"  # created when it lived in ints_portal
        verbose_name = _("accès à une candidature")
        verbose_name_plural = _("accès aux candidatures")
        ordering = ["-at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.user} — {self.action} — {self.at:%d/%m/%Y %H:%M}"


class ApplicationEvent(StatusEvent):
    """One status change of one application: who moved it, when, from what to what, why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    application = GenericForeignKey("content_type", "object_id")
    source = models.CharField(_("de"), max_length=20, choices=ApplicationStatus.choices)
    target = models.CharField(_("vers"), max_length=20, choices=ApplicationStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta(StatusEvent.Meta):
        db_table = "ints_portal_applicationevent"  # created when it lived in ints_portal
        verbose_name = _("changement de statut")
        verbose_name_plural = _("historique des statuts")
        indexes = [models.Index(fields=["content_type", "object_id"])]


class RulesChange(models.Model):
    """One change of a selection's rules (criteria, weights, blind review, dates, quotas) made
    after its first review was assigned: who, when, why and what, shown on the edition or the
    call and emailed to its committee members (applications/rules.py)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    selection = GenericForeignKey("content_type", "object_id")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        verbose_name=_("par"),
        related_name="+",
    )
    at = models.DateTimeField(_("le"), db_index=True)
    reason = models.TextField(_("motif"))
    changes = models.TextField(_("changements"))

    class Meta:
        db_table = "ints_portal_ruleschange"  # created when it lived in ints_portal
        verbose_name = _("modification des règles")
        verbose_name_plural = _("modifications des règles")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} — {self.by}"
