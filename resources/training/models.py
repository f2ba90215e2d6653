"""Se former, financer, évoluer: diplomas, schools, funding, bridges; modules; practices."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import private_upload_path
from editorial.models import Publishable, PublishableQuerySet
from editorial.status import EditorialStatus
from resources.enums import TerritoryKind
from resources.models import AttachedFile
from resources.richtext import sanitize_html, strip_html

__all__ = [
    "Diploma",
    "RncpCode",
    "TrainingSchool",
    "FundingScheme",
    "CareerBridge",
    "TrainingModule",
    "ModuleChapter",
    "Practice",
]

LEVELS = [
    (3, _("Niveau 3 (CAP)")),
    (4, _("Niveau 4 (bac)")),
    (5, _("Niveau 5 (bac + 2)")),
    (6, _("Niveau 6 (bac + 3, licence)")),
    (7, _("Niveau 7 (bac + 5, master)")),
]


class Diploma(models.Model):
    name = models.CharField(_("intitulé"), max_length=255)
    abbreviation = models.CharField(_("sigle"), max_length=20, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=60, unique=True)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=LEVELS)
    grade_licence = models.BooleanField(_("confère le grade de licence"), default=False)
    duration = models.CharField(_("durée de formation"), max_length=100)
    description = models.TextField(_("le métier et la formation"))
    via_initial = models.BooleanField(_("formation initiale"), default=True)
    via_apprenticeship = models.BooleanField(_("apprentissage"), default=True)
    via_continuing = models.BooleanField(_("formation continue"), default=True)
    via_vae = models.BooleanField(_("VAE"), default=True)
    via_blocks = models.BooleanField(_("blocs de compétences"), default=False)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        verbose_name = _("diplôme")
        verbose_name_plural = _("diplômes")
        ordering = ["level", "position", "abbreviation"]

    def __str__(self):
        return f"{self.abbreviation} — {self.name}"

    def get_absolute_url(self):
        return reverse("resources:diploma_detail", args=[self.slug])

    @property
    def access_routes(self):
        routes = [
            (self.via_initial, _("formation initiale")),
            (self.via_apprenticeship, _("apprentissage")),
            (self.via_continuing, _("formation continue")),
            (self.via_vae, _("VAE")),
            (self.via_blocks, _("blocs de compétences")),
        ]
        return [label for enabled, label in routes if enabled]

    def rncp_at(self, day=None):
        """The RNCP code valid on `day` (today by default), from prefetched codes if any."""
        day = day or timezone.localdate()
        for code in self.rncp_codes.all():
            if code.valid_from <= day and (code.valid_until is None or day <= code.valid_until):
                return code
        return None

    def search_document(self):
        return {
            "kind": "diplome",
            "kind_label": _("Diplôme"),
            "title": f"{self.name} ({self.abbreviation})",
            "summary": f"{self.get_level_display()} — {self.duration}",
            "body": strip_html(self.description),
            "url": self.get_absolute_url(),
            "date": timezone.make_aware(timezone.datetime(2024, 1, 1)),
            "is_public": True,
            "themes": [],
            "audiences": [],
            "territories": [],
        }


class RncpCode(models.Model):
    diploma = models.ForeignKey(
        Diploma, on_delete=models.CASCADE, related_name="rncp_codes", verbose_name=_("diplôme")
    )
    code = models.CharField(_("code RNCP"), max_length=20)
    valid_from = models.DateField(_("valable à partir du"))
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("fiche RNCP")
        verbose_name_plural = _("fiches RNCP")
        ordering = ["diploma", "valid_from"]

    def __str__(self):
        return self.code


class TrainingSchool(models.Model):
    name = models.CharField(_("nom"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    departement = models.ForeignKey(
        "resources.Territory",
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="training_schools",
        limit_choices_to={"kind": TerritoryKind.DEPARTEMENT},
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    city = models.CharField(_("ville"), max_length=100)
    website = models.URLField(_("site web"), blank=True)
    diplomas = models.ManyToManyField(
        Diploma, verbose_name=_("diplômes préparés"), related_name="schools"
    )
    organisation = models.ForeignKey(
        "resources.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("établissement de formation")
        verbose_name_plural = _("établissements de formation")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resources:school_detail", args=[self.slug])

    def search_document(self):
        return {
            "kind": "etablissement-de-formation",
            "kind_label": _("Établissement de formation"),
            "title": self.name,
            "summary": f"{self.city} ({self.departement.code})",
            "body": " ".join(d.abbreviation for d in self.diplomas.all()),
            "url": self.get_absolute_url(),
            "date": timezone.make_aware(timezone.datetime(2024, 1, 1)),
            "is_public": True,
            "themes": [],
            "audiences": [],
            "territories": [self.departement],
        }


class FundingSchemeQuerySet(models.QuerySet):
    def for_place(self, departement):
        """National schemes and those of the département's region."""
        if departement is None:
            return self.filter(is_national=True)
        return self.filter(Q(is_national=True) | Q(regions=departement.parent_id)).distinct()


class FundingScheme(models.Model):
    name = models.CharField(_("nom"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    funder = models.CharField(_("qui finance"), max_length=255)
    beneficiaries = models.CharField(_("pour qui"), max_length=255)
    description = models.TextField(_("en pratique"))
    url = models.URLField(_("en savoir plus"), blank=True)
    is_national = models.BooleanField(_("dispositif national"), default=True)
    regions = models.ManyToManyField(
        "resources.Territory",
        verbose_name=_("régions"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": TerritoryKind.REGION},
    )
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = FundingSchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("financement")
        verbose_name_plural = _("financements")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class CareerBridge(models.Model):
    from_diploma = models.ForeignKey(
        Diploma, on_delete=models.CASCADE, related_name="bridges_out", verbose_name=_("depuis")
    )
    to_diploma = models.ForeignKey(
        Diploma, on_delete=models.CASCADE, related_name="bridges_in", verbose_name=_("vers")
    )
    description = models.TextField(_("ce qui est reconnu"))

    class Meta:
        verbose_name = _("passerelle")
        verbose_name_plural = _("passerelles")
        ordering = ["from_diploma__level", "from_diploma__abbreviation"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_diploma", "to_diploma"], name="bridge_unique_pair"
            )
        ]

    def __str__(self):
        return f"{self.from_diploma.abbreviation} → {self.to_diploma.abbreviation}"


class TrainingModule(models.Model):
    """A training module: a resource of type "module de formation" with structured content."""

    resource = models.OneToOneField(
        "resources.Resource",
        on_delete=models.CASCADE,
        related_name="training_module",
        verbose_name=_("ressource"),
    )
    objectives = models.TextField(_("objectifs pédagogiques"))
    duration = models.CharField(_("durée"), max_length=100)
    audience = models.CharField(_("public visé"), max_length=255)

    class Meta:
        verbose_name = _("module de formation")
        verbose_name_plural = _("modules de formation")

    def __str__(self):
        return str(self.resource)


class ModuleChapter(models.Model):
    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="chapters")
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("titre"), max_length=255)
    body = models.TextField(_("contenu"))
    file = models.FileField(_("support (facultatif)"), upload_to=private_upload_path, blank=True)
    file_mime = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = _("chapitre")
        verbose_name_plural = _("chapitres")
        ordering = ["module", "position", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)


class PracticeQuerySet(PublishableQuerySet):
    pass


class Practice(Publishable, AttachedFile):
    """A "pratique inspirante": what a structure did about a problem, and what came of it."""

    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant d'URL"), max_length=255, unique=True)
    problem = models.TextField(_("le problème"))
    action = models.TextField(_("ce qui a été fait"))
    results = models.TextField(_("les résultats"))
    organisation = models.ForeignKey(
        "resources.Organisation",
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        related_name="practices",
    )
    territory = models.ForeignKey(
        "resources.Territory",
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="practices",
    )
    themes = models.ManyToManyField(
        "resources.Theme", verbose_name=_("thématiques"), blank=True, related_name="practices"
    )
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("courriel du contact"), blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
    contact_consent = models.BooleanField(
        _("le contact accepte d'être publié"),
        default=False,
        help_text=_("Sans cet accord, les coordonnées ne sont jamais affichées."),
    )
    featured = models.BooleanField(_("mise en avant sur l'accueil"), default=False)
    publication_date = models.DateTimeField(_("date de publication"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pratique inspirante")
        verbose_name_plural = _("pratiques inspirantes")
        ordering = ["-publication_date", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:practice_detail", args=[self.slug])

    def search_document(self):
        return {
            "kind": "pratique-inspirante",
            "kind_label": _("Pratique inspirante"),
            "title": self.title,
            "summary": self.problem,
            "body": f"{self.action} {self.results} {self.organisation.name}",
            "url": self.get_absolute_url(),
            "date": self.publication_date,
            "is_public": self.status == EditorialStatus.PUBLISHED,
            "themes": list(self.themes.all()),
            "audiences": [],
            "territories": [self.territory],
        }
