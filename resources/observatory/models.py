"""The observatory: datasets and surveys published with partner federations and labs.

A dataset has downloadable files (CSV/XLSX, stored privately and served by a view) and
indicators; each indicator is a series of data points, either over time or across territories.
Imported by resources/models.py.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import format_number
from core.uploads import CSV, LABELS, XLSX, private_upload_path
from editorial.models import PublishableQuerySet
from editorial.status import EditorialStatus
from resources.enums import LICENCE_URLS, Licence
from resources.observatory.enums import ChartType, Frequency, IndicatorKind
from resources.observatory.formatting import format_period

__all__ = ["DataPoint", "Dataset", "DatasetFile", "Indicator"]

DATA_FILE_TYPES = frozenset({CSV, XLSX})


class DatasetQuerySet(PublishableQuerySet):
    """A dataset keeps its own status field (not in the editorial registry) but the same
    validity window."""


class Dataset(models.Model):
    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(
        _("identifiant d'URL"),
        max_length=255,
        unique=True,
        help_text=_(
            "L'adresse /observatoire/<identifiant>/ est citée ailleurs : évitez d'en changer."
        ),
    )
    summary = models.TextField(_("résumé"), max_length=1000)
    methodology = models.TextField(
        _("méthodologie"),
        blank=True,
        help_text=_("Sources, champ, mode de collecte, taux de réponse, limites. Texte simple."),
    )
    producers = models.ManyToManyField(
        "resources.Organisation",
        verbose_name=_("producteurs"),
        related_name="datasets",
        help_text=_("Fédérations, laboratoires ou services qui ont produit les données."),
    )
    period_start = models.DateField(_("début de la période couverte"))
    period_end = models.DateField(_("fin de la période couverte"))
    territories = models.ManyToManyField(
        "resources.Territory",
        verbose_name=_("couverture géographique"),
        blank=True,
        related_name="datasets",
    )
    themes = models.ManyToManyField(
        "resources.Theme", verbose_name=_("thématiques"), blank=True, related_name="datasets"
    )
    licence = models.CharField(
        _("licence"), max_length=30, choices=Licence.choices, default=Licence.ETALAB
    )
    source_url = models.URLField(_("page du producteur"), blank=True, max_length=500)
    status = models.CharField(
        _("statut éditorial"),
        max_length=20,
        choices=EditorialStatus.choices,
        default=EditorialStatus.DRAFT,
        db_index=True,
    )
    publication_date = models.DateTimeField(
        _("date de publication"),
        default=timezone.now,
        help_text=_("Une date future programme la publication."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    search_entries = GenericRelation("resources.SearchEntry")

    objects = DatasetQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeu de données")
        verbose_name_plural = _("jeux de données")
        ordering = ["-publication_date", "-id"]
        indexes = [models.Index(fields=["status", "-publication_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="dataset_period_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:observatory_dataset", args=[self.slug])

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("La fin de la période précède son début.")})

    @property
    def is_visible(self):
        return self.status == EditorialStatus.PUBLISHED and self.publication_date <= timezone.now()

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def period_label(self):
        """ "2015–2025" for whole years, else the exact dates."""
        start, end = self.period_start, self.period_end
        if (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
            return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"

    def search_document(self):
        """What the site-wide search indexes for this dataset (see resources.search)."""
        producers = [organisation.name for organisation in self.producers.all()]
        indicators = [indicator.name for indicator in self.indicators.all()]
        return {
            "kind": "observatoire",
            "kind_label": str(_("Données de l'observatoire")),
            "title": self.title,
            "summary": self.summary,
            "body": " ".join([*producers, *indicators, self.methodology]),
            "url": self.get_absolute_url(),
            "date": self.publication_date,
            "is_public": self.status == EditorialStatus.PUBLISHED,
            "themes": list(self.themes.all()),
            "territories": list(self.territories.all()),
        }


class DatasetFile(models.Model):
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("jeu de données"), on_delete=models.CASCADE, related_name="files"
    )
    title = models.CharField(
        _("intitulé"), max_length=255, help_text=_("Par exemple « Données détaillées 2015–2025 »")
    )
    file = models.FileField(_("fichier"), upload_to=private_upload_path, max_length=255)
    file_mime = models.CharField(_("format"), max_length=100, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("taille"), null=True, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        verbose_name = _("fichier de données")
        verbose_name_plural = _("fichiers de données")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:observatory_file", args=[self.dataset.slug, self.pk])

    @property
    def format_label(self):
        return LABELS.get(self.file_mime, "")


class Indicator(models.Model):
    dataset = models.ForeignKey(
        Dataset,
        verbose_name=_("jeu de données"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("nom"), max_length=255)
    unit = models.CharField(
        _("unité"),
        max_length=60,
        blank=True,
        help_text=_("Par exemple « personnes », « % », « postes » ; affichée avec les valeurs."),
    )
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("nature"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.TIME_SERIES
    )
    chart_type = models.CharField(
        _("graphique d'une évolution"),
        max_length=10,
        choices=ChartType.choices,
        default=ChartType.LINE,
        help_text=_("Les comparaisons entre territoires sont toujours en barres horizontales."),
    )
    frequency = models.CharField(
        _("périodicité"), max_length=10, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    decimals = models.PositiveSmallIntegerField(
        _("décimales affichées"), default=0, help_text=_("De 0 à 4.")
    )
    source_note = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Par exemple « DREES, enquête École 2023 ; traitement INTS »."),
    )
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(decimals__lte=4), name="indicator_decimals_max_4"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{self.dataset.get_absolute_url()}#{self.anchor}"

    @property
    def is_time_series(self):
        return self.kind == IndicatorKind.TIME_SERIES

    @property
    def anchor(self):
        return f"indicateur-{self.pk}"

    def get_csv_url(self):
        return reverse("resources:observatory_indicator_csv", args=[self.dataset.slug, self.pk])

    def get_international_csv_url(self):
        return reverse(
            "resources:observatory_indicator_csv_international", args=[self.dataset.slug, self.pk]
        )

    def format_value(self, value):
        return format_number(value, self.decimals)


class DataPoint(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicateur"), on_delete=models.CASCADE, related_name="points"
    )
    period = models.DateField(
        _("période"),
        null=True,
        blank=True,
        help_text=_("Pour une évolution : premier jour de la période (année, trimestre, mois)."),
    )
    territory = models.ForeignKey(
        "resources.Territory",
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Pour une comparaison entre territoires."),
    )
    value = models.DecimalField(_("valeur"), max_digits=18, decimal_places=4)
    label = models.CharField(
        _("libellé"),
        max_length=60,
        blank=True,
        help_text=_("Remplace la période ou le territoire à l'affichage (ex. « 2023-2024 »)."),
    )

    class Meta:
        verbose_name = _("valeur")
        verbose_name_plural = _("valeurs")
        ordering = ["period", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period__isnull=False) | Q(territory__isnull=False),
                name="datapoint_has_period_or_territory",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(period__isnull=False),
                name="datapoint_unique_period",
                violation_error_message=_("Cette période a déjà une valeur."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "territory"],
                condition=Q(territory__isnull=False),
                name="datapoint_unique_territory",
                violation_error_message=_("Ce territoire a déjà une valeur."),
            ),
        ]

    def __str__(self):
        return f"{self.display_label} : {self.value}"

    def clean(self):
        indicator = getattr(self, "indicator", None) if self.indicator_id else None
        if indicator is None:
            return
        if indicator.is_time_series:
            if self.period is None:
                raise ValidationError({"period": _("Une évolution demande une période.")})
            if self.territory_id:
                raise ValidationError(
                    {"territory": _("Laissez le territoire vide pour une évolution.")}
                )
        else:
            if self.territory_id is None:
                raise ValidationError(
                    {"territory": _("Une comparaison entre territoires demande un territoire.")}
                )
            if self.period:
                raise ValidationError(
                    {"period": _("Laissez la période vide pour une comparaison entre territoires.")}
                )

    @property
    def display_label(self):
        if self.label:
            return self.label
        if self.territory_id:
            return self.territory.name
        if self.period:
            return format_period(self.period, self.indicator.frequency)
        return ""
