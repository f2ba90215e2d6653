"""A Nord and a Hauts-de-France with something published (and something not) in every block
of their pages; the browser fixtures of tests/browser for this folder's Chromium tests."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.text import slugify

from research.models import FieldQuestion
from resources.agenda.models import Event
from resources.models import Territory
from resources.training.models import Diploma, Practice, TrainingSchool
from tests.browser.conftest import (  # noqa: F401  (fixtures)
    _live_server_closes_db_connections,
    axe_page,
    strict_page,
)
from tests.factories import (
    DataPointFactory,
    DatasetFactory,
    IndicatorFactory,
    LabFactory,
    OrganisationFactory,
    ProjectFactory,
)

NOW = timezone.now()


def territory(slug):
    return Territory.objects.get(slug=slug)


def make_event(title, *, departement, days=10, **fields):
    start = (NOW + datetime.timedelta(days=days)).replace(microsecond=0)
    values = {
        "slug": slugify(title),
        "summary": "Une journée d'étude.",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=6),
        "status": "published",
        "publication_date": NOW - datetime.timedelta(days=1),
        "venue_name": "Maison",
        "city": "Lille",
        "departement": departement,
        **fields,
    }
    return Event.objects.create(title=title, **values)


def make_practice(title, *, place, **fields):
    return Practice.objects.create(
        title=title,
        slug=slugify(title),
        problem="Un problème.",
        action="Une action.",
        results="Des résultats.",
        organisation=OrganisationFactory(),
        territory=place,
        status=fields.pop("status", "published"),
        publication_date=NOW - datetime.timedelta(days=2),
        **fields,
    )


def make_question(title, *, place, **fields):
    return FieldQuestion.objects.create(
        title=title,
        slug=slugify(title),
        context="Le contexte.",
        territory=place,
        status=fields.pop("status", "published"),
        **fields,
    )


def make_figures(nord):
    """A published dataset: two département indicators with Nord, Hauts-de-France and France
    entière; a draft dataset with a Nord value that must never show."""
    national, region = territory("national"), nord.parent
    dataset = DatasetFactory(
        title="Indicateurs sociaux 2023",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        territories=[national],
    )
    values = {
        "Mesures ASE pour 1 000 jeunes": ("‰", ["30.9", "27.4", "22.5"]),
        "Allocataires du RSA": ("%", ["7.1", "6.0", "4.4"]),
    }
    for position, (name, (unit, numbers)) in enumerate(values.items()):
        indicator = IndicatorFactory(
            dataset=dataset, name=name, unit=unit, decimals=1, by_territory=True, position=position
        )
        for place, number in zip([nord, region, national], numbers, strict=True):
            DataPointFactory(indicator=indicator, territory=place, value=Decimal(number))
    draft = DatasetFactory(title="Brouillon", draft=True)
    DataPointFactory(
        indicator=IndicatorFactory(dataset=draft, name="Indicateur brouillon", by_territory=True),
        territory=nord,
        value=1,
    )
    return dataset


@pytest.fixture
def nord(db):
    nord = Territory.objects.select_related("parent").get(slug="59-nord")
    pas_de_calais, gironde = territory("62-pas-de-calais"), territory("33-gironde")
    make_event("Rencontre à Lille", departement=nord)
    make_event("Atelier à Arras", departement=pas_de_calais)
    make_event("Colloque à Bordeaux", departement=gironde)
    make_event("Brouillon à Roubaix", departement=nord, status="draft")
    dees = Diploma.objects.create(
        name="Éducateur spécialisé",
        abbreviation="DEES",
        slug="dees",
        level=6,
        duration="3 ans",
        description="…",
    )
    school = TrainingSchool.objects.create(
        name="Institut social de Lille", slug="isl", departement=nord, city="Lille"
    )
    school.diplomas.set([dees])
    make_practice("Pairs-aidants à Lille", place=nord)
    make_practice("Permanence à Lens", place=pas_de_calais)
    make_practice("Pratique en relecture", place=nord, status="draft")
    make_question("Pourquoi renoncer au contrat jeune majeur ?", place=nord)
    make_question("Question en relecture", place=nord, status="review")
    LabFactory(name="CLERSÉ", region=nord.parent, city="Villeneuve-d'Ascq")
    LabFactory(name="Laboratoire masqué", region=nord.parent, is_public=False)
    ProjectFactory(title="Évaluer le référent de parcours").territories.set([nord])
    make_figures(nord)
    return nord
