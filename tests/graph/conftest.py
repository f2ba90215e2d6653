"""A small linked graph across the pillars: one record of each node, linked by every kind that
its pages show (tests/graph/)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from editorial import graph
from hautes_etudes.models import Auditor, Edition
from research.calls.models import Call
from research.models import FieldQuestion
from resources.agenda.models import Event
from resources.models import Territory
from resources.training.models import Practice
from tests.factories import (
    DatasetFactory,
    LabFactory,
    OrganisationFactory,
    ProjectFactory,
    PublicationFactory,
    ResearcherFactory,
    ResourceFactory,
)

YESTERDAY = datetime.timedelta(days=1)


def make_practice(title="Des pairs-aidants à l'accueil de jour", **fields):
    n = Practice.objects.count()
    return Practice.objects.create(
        title=title,
        slug=fields.pop("slug", f"pratique-{n}"),
        problem="Les personnes ne venaient plus.",
        action="Deux pairs-aidants accueillent le matin.",
        results="La fréquentation a doublé.",
        organisation=fields.pop("organisation", None) or OrganisationFactory(),
        territory=Territory.objects.get(code="59"),
        **{"status": "published", "publication_date": timezone.now() - YESTERDAY, **fields},
    )


def make_question(title="Comment garder le lien avec les jeunes sortis de l'ASE ?", **fields):
    n = FieldQuestion.objects.count()
    return FieldQuestion.objects.create(
        title=title,
        slug=fields.pop("slug", f"question-{n}"),
        context="Un service de prévention du Nord perd de vue les jeunes à 18 ans.",
        territory=Territory.objects.get(code="59"),
        **{"status": "published", "publication_date": timezone.now() - YESTERDAY, **fields},
    )


def make_event(title="Journée d'étude à Lille", **fields):
    now = timezone.now()
    n = Event.objects.count()
    return Event.objects.create(
        title=title,
        slug=fields.pop("slug", f"evenement-{n}"),
        summary="Une journée d'étude.",
        starts_at=now + datetime.timedelta(days=5),
        ends_at=now + datetime.timedelta(days=5, hours=3),
        venue_name="Maison",
        city="Lille",
        **{"status": "published", "publication_date": now - YESTERDAY, **fields},
    )


def make_call(title="Recherches-actions participatives", **fields):
    now = timezone.now()
    n = Call.objects.count()
    return Call.objects.create(
        title=title,
        slug=fields.pop("slug", f"appel-{n}"),
        summary="Des recherches.",
        description="Axes.",
        eligibility="Laboratoires.",
        budget=Decimal("500000"),
        max_amount=Decimal("80000"),
        max_duration_months=36,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=5),
        **{"is_published": True, **fields},
    )


def make_edition(year=2027, **fields):
    now = timezone.now()
    return Edition.objects.create(
        year=year,
        name=f"Promotion {year}",
        slug=f"promotion-{year}",
        theme="Fractures territoriales",
        description="…",
        fees="1 500 €",
        eligibility="Dix ans d'expérience.",
        applications_open_at=now - datetime.timedelta(days=1),
        applications_close_at=now + datetime.timedelta(days=10),
        committee_date=now.date(),
        results_date=now.date(),
        first_session_date=now.date(),
        **{"is_published": True, **fields},
    )


@pytest.fixture
def web(db):
    return linked_records()


def linked_records():
    """Every node once, linked by every kind shown on a page."""
    lab = LabFactory(name="Centre lillois d'études sociologiques")
    call = make_call()
    project = ProjectFactory(title="Garder le lien après 18 ans", funding_call=call, labs=[lab])
    question = make_question(lab=lab, project=project)
    practice = make_practice()
    publication = PublicationFactory(title="Le lien après la protection de l'enfance")
    publication.projects.add(project)
    event = make_event()
    researcher = ResearcherFactory(public_profile=True, consent_date=datetime.date(2024, 1, 15))
    resource = ResourceFactory(title="Guide du lien après 18 ans")
    project.resources.add(resource)
    publication.resources.add(resource)
    dataset = DatasetFactory(title="Les sorties de l'ASE dans le Nord")
    edition = make_edition()
    auditor = Auditor.objects.create(
        edition=edition,
        name="Claire Dumas",
        position="Directrice",
        organisation="CCAS de Roubaix",
        public_consent=True,
    )
    graph.link("practice_from_question", practice, question)
    graph.link("call_from_question", call, question)
    graph.link("publication_event", publication, event)
    graph.link("publication_dataset", publication, dataset)
    graph.link("event_researcher", event, researcher)
    graph.link("resource_question", resource, question)
    graph.link("practice_resource", practice, resource)
    graph.link("dataset_question", dataset, question)
    graph.link("edition_event", edition, event)
    graph.link("edition_publication", edition, publication)
    graph.link("practice_auditor", practice, auditor)
    return SimpleNamespace(**locals())
