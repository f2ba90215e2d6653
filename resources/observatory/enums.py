from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    TIME_SERIES = "time_series", _("Évolution dans le temps")
    BY_TERRITORY = "by_territory", _("Comparaison entre territoires")


class ChartType(models.TextChoices):
    LINE = "line", _("Courbe")
    BAR = "bar", _("Barres verticales")


class Frequency(models.TextChoices):
    """How the periods of a time series are written: on axes, in tables, in CSV files."""

    ANNUAL = "annual", _("Annuelle (2024)")
    QUARTERLY = "quarterly", _("Trimestrielle (2024-T1)")
    MONTHLY = "monthly", _("Mensuelle (2024-03)")
    DAILY = "daily", _("Quotidienne (2024-03-15)")
