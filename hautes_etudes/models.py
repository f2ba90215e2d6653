"""The cycle des hautes études: editions (promotions), their programme, alumni, and the
applications reviewed by the selection committee (on the shared workflow)."""

import datetime

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
    hash_token,
)
from core.links import SecretLink, sign_at
from resources.enums import TerritoryKind


class EmployerKind(models.TextChoices):
    STATE = "state", _("État")
    LOCAL = "local", _("Collectivité territoriale")
    HOSPITAL = "hospital", _("Établissement hospitalier")
    ASSOCIATION = "association", _("Association ou fondation")
    COMPANY = "company", _("Entreprise")
    MEDIA = "media", _("Média")
    ELECTED = "elected", _("Mandat électif")


class PublicCategory(models.TextChoices):
    STATE_EXECUTIVE = "state_executive", _("Cadre supérieur de l'État")
    LOCAL_EXECUTIVE = "local_executive", _("Cadre dirigeant de collectivité")
    ASSOCIATION_EXECUTIVE = "association_executive", _("Dirigeant associatif")
    ELECTED = "elected", _("Élu")
    JOURNALIST = "journalist", _("Journaliste")
    FIELD = "field", _("Professionnel de terrain")


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current(self):
        """The edition people can apply to or are following: the latest published one."""
        return self.published().order_by("-year").first()


class Edition(models.Model):
    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    name = models.CharField(_("nom de la promotion"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), unique=True)
    theme = models.CharField(_("thème"), max_length=255)
    description = models.TextField(_("présentation"))
    places = models.PositiveSmallIntegerField(_("nombre de places"), default=40)
    fees = models.CharField(_("frais de participation"), max_length=255)
    eligibility = models.TextField(_("conditions de candidature"))
    applications_open_at = models.DateTimeField(_("ouverture des candidatures"))
    applications_close_at = models.DateTimeField(_("clôture des candidatures"))
    committee_date = models.DateField(_("comité de sélection"))
    results_date = models.DateField(_("résultats"))
    first_session_date = models.DateField(_("première session"))
    confirmation_days = models.PositiveSmallIntegerField(
        _("délai de confirmation (jours)"),
        default=15,
        help_text=_("Temps laissé aux candidats retenus pour confirmer leur place."),
    )
    min_experience_years = models.PositiveSmallIntegerField(
        _("années d'expérience requises"),
        null=True,
        blank=True,
        help_text=_("Le candidat qui en déclare moins est averti avant de déposer."),
    )
    blind_review = models.BooleanField(
        _("phase d'évaluation anonyme"),
        default=False,
        help_text=_("Masque aux évaluateurs le nom, les coordonnées et l'employeur."),
    )
    is_published = models.BooleanField(_("publiée"), default=False)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-year"]
        # core/roles.py RULES_PERMISSION, held by the pillar's secretariat only
        permissions = [("change_selection_rules", _("Peut modifier les règles de la sélection"))]

    def __str__(self):
        return f"{self.year} — {self.name}"

    def get_absolute_url(self):
        return reverse("hautes_etudes:edition", args=[self.slug])

    @property
    def reference_year(self):
        return self.year

    def applications_open(self, now=None):
        now = now or timezone.now()
        return self.applications_open_at <= now < self.applications_close_at


class Session(models.Model):
    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Séminaire")
        FIELD_VISIT = "field_visit", _("Visite de terrain")
        TRIP = "trip", _("Voyage d'étude international")
        CONFERENCE = "conference", _("Conférence")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("promotion")
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=255)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    place = models.CharField(_("lieu"), max_length=255)
    region = models.ForeignKey(
        "resources.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("région"),
        related_name="+",
        limit_choices_to={"kind": TerritoryKind.REGION},
    )
    country = models.CharField(_("pays"), max_length=100, default="France")
    content = models.TextField(_("contenu"))
    speakers = models.TextField(_("intervenants"), blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # iCalendar SEQUENCE of the programme feed: grows on every change of the session.
    sequence = models.PositiveIntegerField(_("révision"), default=0, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_on", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.sequence += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "updated_at"}
        super().save(*args, **kwargs)


class Auditor(models.Model):
    """An alumnus/alumna of an edition, shown publicly only with their consent."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="auditors", verbose_name=_("promotion")
    )
    name = models.CharField(_("nom"), max_length=200)
    position = models.CharField(_("fonction"), max_length=255)
    organisation = models.CharField(_("organisation"), max_length=255)
    public_consent = models.BooleanField(_("accepte d'apparaître sur le site"), default=False)

    class Meta:
        verbose_name = _("auditeur·rice")
        verbose_name_plural = _("auditeur·rices")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Application(ApplicationBase):
    REFERENCE_PREFIX = "HE"
    CONFIRMS_PLACE = True
    TRANSITION_EMAILS = {
        (None, ApplicationStatus.SUBMITTED): "applications/email/acknowledgement",
    }
    DECISIONS = {
        (None, ApplicationStatus.ACCEPTED): DecisionKind.ACCEPTED,
        (ApplicationStatus.WAITING_LIST, ApplicationStatus.ACCEPTED): DecisionKind.PROMOTED,
        (None, ApplicationStatus.WAITING_LIST): DecisionKind.WAITING_LIST,
        (None, ApplicationStatus.REJECTED): DecisionKind.REJECTED,
        (None, ApplicationStatus.CONFIRMED): DecisionKind.CONFIRMED,
        (ApplicationStatus.ACCEPTED, ApplicationStatus.WITHDRAWN): DecisionKind.RELEASED,
        (ApplicationStatus.CONFIRMED, ApplicationStatus.WITHDRAWN): DecisionKind.RELEASED,
    }
    DEFAULT_DECISIONS = {
        DecisionKind.ACCEPTED: (
            _("Candidature $reference retenue : confirmez votre place"),
            _(
                "Bonjour $nom,\n\n"
                "Votre candidature $reference ($titre) est retenue. Confirmez votre place "
                "avant le $date_limite en suivant ce lien personnel ; sans réponse de votre "
                "part, elle sera proposée à la personne suivante sur la liste d'attente :\n\n"
                "$lien_confirmation\n\n"
                "L'équipe de l'Institut national du travail social"
            ),
        ),
        DecisionKind.PROMOTED: (
            _("Une place vous est proposée : candidature $reference"),
            _(
                "Bonjour $nom,\n\n"
                "Une place s'est libérée ($titre) : elle vous est proposée (candidature "
                "$reference). Confirmez-la avant le $date_limite en suivant ce lien "
                "personnel :\n\n"
                "$lien_confirmation\n\n"
                "L'équipe de l'Institut national du travail social"
            ),
        ),
        DecisionKind.WAITING_LIST: (
            _("Candidature $reference : inscription sur la liste d'attente"),
            _(
                "Bonjour $nom,\n\n"
                "Le comité de sélection a inscrit votre candidature $reference ($titre) sur "
                "la liste d'attente. Si une place se libère, elle vous sera proposée par "
                "courriel, avec un lien pour la confirmer.\n\n"
                "Suivre votre candidature (dans le navigateur où vous l'avez déposée) :\n"
                "$lien\n\n"
                "L'équipe de l'Institut national du travail social"
            ),
        ),
        DecisionKind.REJECTED: (
            _("Candidature $reference : réponse du comité de sélection"),
            _(
                "Bonjour $nom,\n\n"
                "Nous sommes au regret de vous informer que votre candidature $reference "
                "($titre) n'a pas été retenue par le comité de sélection. Nous vous "
                "remercions de l'intérêt que vous portez au cycle.\n\n"
                "L'équipe de l'Institut national du travail social"
            ),
        ),
        DecisionKind.CONFIRMED: (
            _("Place confirmée : candidature $reference"),
            _(
                "Bonjour $nom,\n\n"
                "Nous avons bien reçu la confirmation de votre place ($titre). Bienvenue "
                "dans la promotion ! Le programme et les informations pratiques vous seront "
                "adressés avant la première session.\n\n"
                "L'équipe de l'Institut national du travail social"
            ),
        ),
        DecisionKind.RELEASED: (
            _("Candidature $reference : votre place est libérée"),
            _(
                "Bonjour $nom,\n\n"
                "Votre place ($titre) est libérée : vous y avez renoncé, ou elle n'a pas été "
                "confirmée dans le délai. Elle est proposée à la personne suivante sur la "
                "liste d'attente.\n\n"
                "L'équipe de l'Institut national du travail social"
            ),
        ),
        DecisionKind.EMPLOYER_AGREED: (
            _("Votre employeur a donné son accord — $titre"),
            _(
                "Bonjour $nom,\n\n"
                "Votre employeur a donné en ligne son accord à votre candidature ($titre). "
                "Cette pièce de votre dossier est complète.\n\n"
                "L'équipe de l'Institut national du travail social"
            ),
        ),
        DecisionKind.EMPLOYER_REFUSED: (
            _("Votre employeur a refusé son accord — $titre"),
            _(
                "Bonjour $nom,\n\n"
                "Votre employeur a refusé de donner son accord à votre candidature ($titre), "
                "pour le motif suivant :\n\n"
                "$motif\n\n"
                "Sans cet accord, la candidature ne peut pas être retenue. Si votre situation "
                "évolue, écrivez-nous en rappelant la référence de votre candidature.\n\n"
                "L'équipe de l'Institut national du travail social"
            ),
        ),
    }

    parent = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="applications", verbose_name=_("promotion")
    )
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    position = models.CharField(_("fonction"), max_length=255, blank=True)
    employer = models.CharField(_("employeur"), max_length=255, blank=True)
    employer_kind = models.CharField(
        _("nature de l'employeur"), max_length=20, blank=True, choices=EmployerKind.choices
    )
    category = models.CharField(
        _("catégorie de public"), max_length=30, blank=True, choices=PublicCategory.choices
    )
    region = models.ForeignKey(
        "resources.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("région"),
        related_name="+",
    )
    experience_years = models.PositiveSmallIntegerField(
        _("années d'expérience"), null=True, blank=True
    )
    employer_email = models.EmailField(_("courriel de l'employeur"), blank=True)
    employer_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    employer_agreed_at = models.DateTimeField(
        _("accord de l'employeur reçu le"), null=True, blank=True, editable=False
    )
    # The agreement is bound to `employer_email`, the address it was asked from.
    employer_asked_at = models.DateTimeField(
        _("accord demandé à l'employeur le"), null=True, blank=True, editable=False
    )
    employer_refused_at = models.DateTimeField(
        _("accord refusé par l'employeur le"), null=True, blank=True, editable=False
    )
    employer_refusal_reason = models.TextField(
        _("motif du refus de l'employeur"), blank=True, editable=False
    )
    confirm_before = models.DateTimeField(_("à confirmer avant le"), null=True, blank=True)
    confirmed_at = models.DateTimeField(
        _("place confirmée le"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "email"],
                name="he_one_live_application_per_email",
                condition=~models.Q(status=ApplicationStatus.WITHDRAWN)
                & models.Q(anonymised_at=None),
            ),
            models.UniqueConstraint(fields=["parent", "sequence"], name="he_unique_sequence"),
        ]

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def awaiting_confirmation(self):
        return self.status == ApplicationStatus.ACCEPTED and self.confirm_before is not None

    # Workflow hooks --------------------------------------------------------------------
    def status_path(self):
        return reverse("hautes_etudes:application_status")

    def resume_path(self, token):
        return reverse("hautes_etudes:application_resume", args=[token])

    def confirmation_path(self, *, at=None):
        return reverse("hautes_etudes:place", args=[self.signed("place", at=at)])

    def employer_token(self):
        """The employer's link token: signed as of the request's time, so that the hash
        stored when asking is the hash of the link rendered when the email is sent; asking
        again (or another employer) makes the former link useless."""
        return sign_at(
            str(self.public_id),
            salt="hautes_etudes.application:employer",
            at=int(self.employer_asked_at.timestamp()),
        )

    def secret_path(self, purpose, *, at):
        if purpose == "employer":
            if self.employer_asked_at is None:  # voided since it was queued
                return "/"
            return reverse("hautes_etudes:employer_agreement", args=[self.employer_token()])
        return super().secret_path(purpose, at=at)

    def employer_link(self):
        """For the employer's email (rendered at send time); sets the token's hash."""
        self.employer_token_hash = hash_token(self.employer_token())
        return SecretLink(
            "application",
            model=self._meta.label_lower,
            id=str(self.public_id),
            purpose="employer",
            at=0,  # unused: the token is signed as of employer_asked_at
        )

    def applicant_name(self):
        return self.full_name or (
            f"{self.data.get('first_name', '')} {self.data.get('last_name', '')}".strip()
            or self.email
        )

    def decision_templates(self):
        return DecisionTemplate.objects.filter(
            models.Q(parent=self.parent_id) | models.Q(parent=None)
        )

    def history_facts(self):
        facts = []
        if self.employer_agreed_at:
            facts.append((self.employer_agreed_at, _("Accord de votre employeur reçu")))
        if self.employer_refused_at:
            facts.append((self.employer_refused_at, _("Refus de votre employeur")))
        return facts

    def selection_title(self):
        return _("Cycle des hautes études %(year)s — %(name)s") % {
            "year": self.parent.year,
            "name": self.parent.name,
        }

    def on_transition(self, *, source, target, now):
        """An offered place always has a deadline (the edition's confirmation delay)."""
        if target == ApplicationStatus.ACCEPTED:
            self.confirm_before = now + datetime.timedelta(days=self.parent.confirmation_days)
            self.confirmed_at = None
            return ["confirm_before", "confirmed_at"]
        if target == ApplicationStatus.CONFIRMED:
            self.confirmed_at = now
            return ["confirmed_at"]
        return []


class Attachment(AttachmentBase):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        constraints = [
            models.UniqueConstraint(fields=["application", "slot"], name="he_one_file_per_slot")
        ]


class Criterion(CriterionBase):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("promotion")
    )

    class Meta(CriterionBase.Meta):
        verbose_name = _("critère de sélection")
        verbose_name_plural = _("critères de sélection")


class Review(ReviewBase):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("candidature")
    )

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="he_one_review_per_member"
            )
        ]


class DecisionTemplate(MessageTemplateBase):
    CONFIRMS_PLACE = True
    parent = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_templates",
        verbose_name=_("promotion"),
        help_text=_("Vide : le modèle de toutes les promotions qui n'ont pas le leur."),
    )

    class Meta:
        verbose_name = _("modèle d'e-mail de décision")
        verbose_name_plural = _("modèles d'e-mail de décision")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "status"], name="he_decision_template_per_edition"
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(parent=None),
                name="he_decision_template_default",
            ),
        ]


class Target(models.Model):
    """How many auditors of a kind the institute wants in the cohort (for the balance view)."""

    class Dimension(models.TextChoices):
        CATEGORY = "category", _("Catégorie de public")
        REGION = "region", _("Région")
        EMPLOYER_KIND = "employer_kind", _("Nature de l'employeur")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="targets")
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    value = models.CharField(
        _("valeur"),
        max_length=60,
        help_text=_(
            "Code de la catégorie, de la nature d'employeur, ou "
            "identifiant de la région (ex. : hauts-de-france)."
        ),
    )
    target = models.PositiveSmallIntegerField(_("objectif"))

    class Meta:
        verbose_name = _("objectif de composition")
        verbose_name_plural = _("objectifs de composition")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "dimension", "value"], name="he_target_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_dimension_display()} {self.value} : {self.target}"


def retention_days(status):
    """How long personal data is kept after the last status change, by status."""
    days = settings.INTS_RETENTION_DAYS
    return datetime.timedelta(days=days.get(status, days["default"]))


privacy.register(
    key="hautes_etudes",
    title=_("Cycle des hautes études"),
    model=Application,
    retention=retention_days,
    personal_fields=(
        "last_name",
        "first_name",
        "position",
        "employer",
        "employer_email",
        "employer_refusal_reason",
    ),
    summary=lambda application: {
        "employer_agreed_at": application.employer_agreed_at
        and application.employer_agreed_at.isoformat(),
    },
)
