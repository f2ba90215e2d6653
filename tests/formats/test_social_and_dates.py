"""Open Graph and Twitter card tags on every page type, and JSON-LD dates in Paris time
(issue 25), read by extruct."""

import datetime
import html as html_lib
import re
import zoneinfo
from decimal import Decimal

import extruct
import pytest
from django.utils import timezone

from hautes_etudes.models import Edition
from research.calls.models import Call
from resources.agenda.models import Event
from tests.factories import (
    DatasetFactory,
    LabFactory,
    ProjectFactory,
    PublicationFactory,
    ResourceFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://portail.ints.example"
SITE_NAME = "Institut national du travail social"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
OPEN_GRAPH = {"og:title", "og:type", "og:url", "og:description", "og:image", "og:locale"}
TWITTER = {"twitter:card", "twitter:title", "twitter:description", "twitter:image"}


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def read(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    data = extruct.extract(html, base_url=SITE + url, syntaxes=["json-ld", "opengraph"])
    opengraph = {key: value for entry in data["opengraph"] for key, value in entry["properties"]}
    twitter = {
        name: html_lib.unescape(content)
        for name, content in re.findall(r'<meta name="(twitter:[a-z]+)" content="([^"]*)">', html)
    }
    return data["json-ld"], opengraph, twitter


def _event(**fields):
    return Event.objects.create(
        slug=fields.pop("slug", "journee"),
        summary="Une journée d'étude sur l'aller-vers.",
        status="published",
        publication_date=timezone.now() - datetime.timedelta(days=1),
        venue_name="Maison",
        city="Lille",
        **fields,
    )


def _pages():
    now = timezone.now()
    resource = ResourceFactory(title="Guide de l'aller-vers")
    event = _event(
        title="Journée d'étude",
        starts_at=now + datetime.timedelta(days=5),
        ends_at=now + datetime.timedelta(days=5, hours=3),
    )
    call = Call.objects.create(
        title="Recherches-actions participatives",
        slug="raps",
        summary="Des recherches.",
        description="Axes.",
        eligibility="Laboratoires.",
        budget=Decimal("500000"),
        max_amount=Decimal("80000"),
        max_duration_months=36,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=5),
        is_published=True,
    )
    edition = Edition.objects.create(
        year=2027,
        name="Promotion test",
        slug="promotion-2027",
        theme="Fractures territoriales",
        description="…",
        fees="1 500 €",
        eligibility="Dix ans d'expérience.",
        applications_open_at=now - datetime.timedelta(days=1),
        applications_close_at=now + datetime.timedelta(days=10),
        committee_date=now.date(),
        results_date=now.date(),
        first_session_date=now.date(),
        is_published=True,
    )
    return {
        "home": "/",
        "resource list": "/ressources/",
        "publication list": "/recherche/publications/",
        "agenda": "/agenda/",
        "resource": resource.get_absolute_url(),
        "event": event.get_absolute_url(),
        "publication": PublicationFactory(title="Le pouvoir d'agir").get_absolute_url(),
        "lab": LabFactory().get_absolute_url(),
        "project": ProjectFactory().get_absolute_url(),
        "call": call.get_absolute_url(),
        "edition": edition.get_absolute_url(),
        "dataset": DatasetFactory().get_absolute_url(),
    }


def test_every_page_type_has_open_graph_and_twitter_card_tags(client):
    pages = _pages()

    for kind, url in pages.items():
        _json_ld, opengraph, twitter = read(client, url, HTTP_HOST="localhost")
        assert set(opengraph) >= OPEN_GRAPH, kind
        assert set(twitter) >= TWITTER, kind
        assert opengraph["og:url"] == SITE + url, kind
        assert opengraph["og:locale"] == "fr_FR", kind
        assert opengraph["og:title"], kind
        assert kind == "home" or not opengraph["og:title"].endswith(SITE_NAME), kind
        assert twitter["twitter:title"] == opengraph["og:title"], kind
    _json_ld, opengraph, _twitter = read(client, pages["resource"])
    assert (opengraph["og:title"], opengraph["og:type"]) == ("Guide de l'aller-vers", "article")


def test_event_json_ld_is_in_paris_time_with_its_offset(client):
    start = datetime.datetime(2027, 1, 20, 14, 0, tzinfo=PARIS)
    event = _event(title="Séminaire", starts_at=start, ends_at=start + datetime.timedelta(hours=3))

    json_ld, _opengraph, _twitter = read(client, event.get_absolute_url())

    [item] = [i for i in json_ld if i["@type"] == "Event"]
    assert (item["startDate"], item["endDate"]) == (
        "2027-01-20T14:00:00+01:00",
        "2027-01-20T17:00:00+01:00",
    )


def test_all_day_event_json_ld_gives_dates(client):
    event = _event(
        title="Journée",
        starts_at=datetime.datetime(2027, 1, 20, 0, 0, tzinfo=PARIS),
        ends_at=datetime.datetime(2027, 1, 20, 23, 59, tzinfo=PARIS),
        all_day=True,
    )

    json_ld, _opengraph, _twitter = read(client, event.get_absolute_url())

    [item] = [i for i in json_ld if i["@type"] == "Event"]
    assert (item["startDate"], item["endDate"]) == ("2027-01-20", "2027-01-20")


def test_resource_json_ld_dates_are_paris_days(client):
    # 00:30 in Paris on 2 March is 1 March 23:30 in UTC.
    resource = ResourceFactory(
        publication_date=datetime.datetime(2026, 3, 2, 0, 30, tzinfo=PARIS), title="Une fiche"
    )

    json_ld, _opengraph, _twitter = read(client, resource.get_absolute_url())

    [item] = [i for i in json_ld if i.get("datePublished")]
    assert item["datePublished"] == "2026-03-02"
