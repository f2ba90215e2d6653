"""The territory page's own blocks (resource centre), each read in one query, and its figures."""

from dataclasses import dataclass

from django.db.models import Count, Q

from resources.agenda.models import Event
from resources.enums import TerritoryKind
from resources.models import Resource, Territory
from resources.observatory import charts
from resources.observatory.enums import IndicatorKind
from resources.observatory.models import DataPoint, Dataset
from resources.training.models import Diploma, Practice, TrainingSchool

EVENTS_SHOWN = 6
SCHOOLS_SHOWN = 30
PRACTICES_SHOWN = 6
RESOURCES_SHOWN = 6
FIGURES_SHOWN = 6


def territory_for_page(slug):
    """A région or a département by its slug, with its région or its départements: one query
    (the départements of a région are a second one, see children_of)."""
    return (
        Territory.objects.exclude(kind=TerritoryKind.NATIONAL)
        .select_related("parent")
        .filter(slug=slug)
        .first()
    )


def children_of(territory):
    if territory.kind != TerritoryKind.REGION:
        return []
    return list(territory.children.order_by("code"))


def upcoming_events(scope):
    events = Event.objects.upcoming()
    if scope.is_region:
        events = events.in_region(scope.territory)
    else:
        events = events.filter(departement=scope.territory)
    return list(events.for_list().order_by("starts_at", "pk")[:EVENTS_SHOWN])


def schools(scope):
    departement = Q(departement=scope.territory) | Q(departement__parent=scope.territory)
    return list(
        TrainingSchool.objects.filter(departement)
        .select_related("departement")
        .order_by("departement__code", "name")[:SCHOOLS_SHOWN]
    )


def diplomas(scope):
    """The diplomas prepared in the territory, with how many of its schools prepare each."""
    in_scope = Q(schools__departement=scope.territory) | Q(
        schools__departement__parent=scope.territory
    )
    return list(
        Diploma.objects.annotate(school_count=Count("schools", filter=in_scope, distinct=True))
        .filter(school_count__gt=0)
        .order_by("level", "position", "abbreviation")
    )


def practices(scope):
    return list(
        Practice.objects.published()
        .filter(scope.q("territory"))
        .select_related("organisation", "territory")
        .order_by("-publication_date", "pk")[:PRACTICES_SHOWN]
    )


def resources(scope):
    tagged = Resource.objects.filter(scope.q("territories")).values("pk")
    return list(
        Resource.objects.published()
        .filter(pk__in=tagged)
        .for_list()
        .order_by("-publication_date", "-pk")[:RESOURCES_SHOWN]
    )


@dataclass
class Figure:
    """One indicator of a published dataset as it stands for the territory, beside the
    national figure (and the région's, on a département page) when the dataset has them."""

    indicator: object
    point: object  # the territory's DataPoint
    comparisons: list  # DataPoints of the same indicator: the région, then France
    rows: list  # chart rows (charts.Row), highest first
    chart: object

    @property
    def dataset(self):
        return self.indicator.dataset

    @property
    def year(self):
        return self.dataset.period_end.year

    @property
    def value_text(self):
        """The territory's value with its unit, in French: « 6,8 % »."""
        return _text(self.indicator, self.point.value)

    @property
    def compared(self):
        """(territory name, value with its unit) for the région and France, in that order."""
        return [(p.territory.name, _text(self.indicator, p.value)) for p in self.comparisons]

    @property
    def has_national(self):
        return any(p.territory.kind == TerritoryKind.NATIONAL for p in self.comparisons)

    @property
    def anchor(self):
        return f"chiffre-{self.indicator.pk}"


def _text(indicator, value):
    return charts.with_unit(indicator.format_value(value), indicator.unit)


def key_figures(territory):
    """The territory's values in published datasets, with their comparisons: two queries."""
    points = list(
        DataPoint.objects.filter(
            territory=territory,
            indicator__kind=IndicatorKind.BY_TERRITORY,
            indicator__dataset__in=_published_datasets(),
        )
        .select_related("indicator__dataset")
        .order_by(
            "-indicator__dataset__period_end", "indicator__dataset_id", "indicator__position"
        )[:FIGURES_SHOWN]
    )
    if not points:
        return []
    others = Q(territory__kind=TerritoryKind.NATIONAL)
    if territory.parent_id:
        others |= Q(territory_id=territory.parent_id)
    by_indicator = {}
    comparisons = DataPoint.objects.filter(
        others, indicator__in=[point.indicator_id for point in points]
    ).select_related("territory")
    for comparison in comparisons:
        by_indicator.setdefault(comparison.indicator_id, []).append(comparison)
    for point in points:
        point.territory = territory  # known: no query for the chart's label
    figures = []
    for point in points:
        indicator = point.indicator
        compared = sorted(
            by_indicator.get(point.indicator_id, []),
            key=lambda p: p.territory.kind != TerritoryKind.REGION,  # the région first
        )
        rows = charts.rows_for(indicator, [point, *compared])
        figures.append(
            Figure(
                indicator=indicator,
                point=point,
                comparisons=compared,
                rows=rows,
                chart=charts.build_chart(indicator, rows),
            )
        )
    # Figures with their national comparison first (a stable sort keeps the datasets' order).
    return sorted(figures, key=lambda figure: not figure.has_national)


def _published_datasets():
    return Dataset.objects.published().values("pk")
