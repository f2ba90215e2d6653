import datetime
import json
import re

import icalendar
import pytest
from django.utils import timezone

from resources.agenda.models import Event
from resources.models import Audience, Territory, Theme

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def make_event(title="Journée d'étude", days=10, hours=7, **fields):
    start = (NOW + datetime.timedelta(days=days)).replace(microsecond=0)
    defaults = {
        "slug": re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"),
        "summary": "Une journée sur l'aller-vers.",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=hours),
        "status": "published",
        "publication_date": NOW - datetime.timedelta(days=1),
        "venue_name": "Maison",
        "city": "Lille",
    }
    defaults.update(fields)
    themes = defaults.pop("themes", [])
    audiences = defaults.pop("audiences", [])
    event = Event.objects.create(title=title, **defaults)
    event.themes.set(themes)
    event.audiences.set(audiences)
    return event


def titles(response):
    return [event.title for event in response.context["page_obj"].object_list]


def test_list_shows_upcoming_published_events_soonest_first(client):
    make_event("Dans un mois", days=30)
    make_event("Demain", days=1)
    make_event("Passé", days=-5)
    make_event("Brouillon", days=3, status="draft")

    assert titles(client.get("/agenda/")) == ["Demain", "Dans un mois"]
    assert titles(client.get("/agenda/archives/")) == ["Passé"]


def test_filters_by_region_departement_month_audience_and_theme(client):
    nord = Territory.objects.get(kind="departement", code="59")
    gironde = Territory.objects.get(kind="departement", code="33")
    pros = Audience.objects.get(slug="professionnels")
    youth = Theme.objects.get(slug="jeunesse")
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    in_nord = make_event(
        "Lille",
        departement=nord,
        audiences=[pros],
        themes=[youth],
        starts_at=timezone.make_aware(
            datetime.datetime.combine(next_month + datetime.timedelta(days=3), datetime.time(9))
        ),
        ends_at=timezone.make_aware(
            datetime.datetime.combine(next_month + datetime.timedelta(days=3), datetime.time(17))
        ),
    )
    make_event("Bordeaux", departement=gironde, audiences=[pros], days=70)

    assert in_nord.region.slug == "hauts-de-france"  # filled from the département
    assert titles(client.get("/agenda/?region=hauts-de-france")) == ["Lille"]
    assert titles(client.get("/agenda/?departement=33-gironde")) == ["Bordeaux"]
    assert titles(client.get(f"/agenda/?mois={next_month:%Y-%m}&public=professionnels")) == [
        "Lille"
    ]
    response = client.get("/agenda/?theme=jeunesse")
    assert titles(response) == ["Lille"]
    region_facet = next(f for f in response.context["facets"] if f.facet.param == "region")
    assert [(o.value, o.count) for o in region_facet.options] == [("hauts-de-france", 1)]


def test_multi_day_event_is_listed_in_each_month_it_spans(client):
    start = timezone.make_aware(datetime.datetime(NOW.year + 1, 1, 30, 9))
    make_event("Colloque", starts_at=start, ends_at=start + datetime.timedelta(days=3))
    assert titles(client.get(f"/agenda/?mois={NOW.year + 1}-02")) == ["Colloque"]


def test_detail_has_event_json_ld_and_calendar_link(client):
    event = make_event(
        "Colloque national", capacity=200, registration_url="https://inscription.example.org"
    )
    html = client.get(event.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html).group(1)
    )
    assert data["@type"] == "Event"
    assert data["location"]["name"] == "Maison"
    assert data["maximumAttendeeCapacity"] == 200
    assert f'href="/agenda/{event.slug}/ics/"' in html


def test_ics_of_one_event_parses_with_a_real_parser(client):
    event = make_event(
        "Atelier ; virgules, et accents : très long titre " + "é" * 60, summary="Ligne 1\nLigne 2"
    )
    response = client.get(f"/agenda/{event.slug}/ics/")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTEND") == event.ends_at
    assert str(vevent["DESCRIPTION"]).startswith("Ligne 1\nLigne 2")
    assert str(vevent["UID"]) == f"evenement-{event.pk}@127.0.0.1"


def test_ics_feed_follows_the_filters_and_keeps_the_past_year(client):
    nord = Territory.objects.get(kind="departement", code="59")
    make_event("Lille", departement=nord)
    make_event("Ailleurs")
    make_event("Passé", days=-3, departement=nord)
    make_event("Il y a deux ans", days=-700, departement=nord)

    calendar = icalendar.Calendar.from_ical(
        client.get("/agenda/calendrier.ics?region=hauts-de-france").content
    )

    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Passé", "Lille"]


def test_region_page_shows_its_events_and_resources(client):
    from tests.factories import ResourceFactory

    nord = Territory.objects.get(kind="departement", code="59")
    make_event("À Lille", departement=nord)
    make_event("À Bordeaux", departement=Territory.objects.get(kind="departement", code="33"))
    ResourceFactory(title="Ressource du Nord", territories=[nord])
    ResourceFactory(title="Ressource ailleurs")

    html = client.get("/territoires/hauts-de-france/").content.decode()

    assert "À Lille" in html and "À Bordeaux" not in html
    assert "Ressource du Nord" in html and "Ressource ailleurs" not in html
    assert client.get("/territoires/").status_code == 200
    assert client.get("/territoires/nord-59/").status_code == 404


def test_drafts_are_404_and_bad_parameters_never_fail(client):
    draft = make_event("Brouillon", status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/agenda/{draft.slug}/ics/").status_code == 404
    for query in ["?mois=2026-13", "?mois=abc", "?page=-3", "?region=%00", "?theme=" + "x" * 300]:
        assert client.get("/agenda/" + query).status_code == 200
        assert client.get("/agenda/calendrier.ics" + query).status_code == 200


def test_validation_in_french():
    from django.core.exceptions import ValidationError

    event = Event(
        title="x",
        slug="x",
        summary="s",
        starts_at=NOW,
        ends_at=NOW - datetime.timedelta(hours=1),
        region=Territory.objects.get(slug="bretagne"),
        departement=Territory.objects.get(kind="departement", code="59"),
    )
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert error.value.message_dict == {
        "ends_at": ["La fin doit être après le début."],
        "departement": ["Ce département n'appartient pas à la région choisie."],
    }


def test_search_finds_events(client):
    make_event("Webinaire sur la pair-aidance")
    response = client.get("/rechercher/", {"q": "pair-aidance"})
    assert [entry.title for entry in response.context["page_obj"].object_list] == [
        "Webinaire sur la pair-aidance"
    ]


# The territory pages count their queries in tests/territories.
@pytest.mark.parametrize("url", ["/agenda/"])
def test_query_counts_are_constant(client, django_assert_num_queries, url):
    nord = Territory.objects.get(kind="departement", code="59")
    make_event("Premier", departement=nord)
    # /agenda/: 11 = 8 + the « Format » facet + the online events counted in each territory.
    with django_assert_num_queries(11) as first:
        assert client.get(url).status_code == 200
    for n in range(15):
        make_event(f"Autre {n}", departement=nord, themes=[Theme.objects.first()])
    make_event("En ligne", is_online=True, online_url="https://visio.example.org")
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


def test_event_alerts_send_new_events(client):
    from resources.engagement import services
    from resources.engagement.models import Subscription

    subscription = Subscription.objects.create(
        email="a@example.fr",
        scope="events",
        query_string="region=hauts-de-france",
        confirmed_at=NOW - datetime.timedelta(days=2),
    )
    make_event("Au Nord", departement=Territory.objects.get(kind="departement", code="59"))
    make_event("Ailleurs")

    items = services.new_items(
        subscription, since=NOW - datetime.timedelta(days=2), until=timezone.now()
    )

    assert [item.title for item in items] == ["Au Nord"]


def facet_counts(response, param):
    facet = next(f for f in response.context["facets"] if f.facet.param == param)
    return sorted((option.value, option.count) for option in facet.options)


def test_territory_filters_keep_online_events_and_count_them(client):
    nord = Territory.objects.get(kind="departement", code="59")
    gironde = Territory.objects.get(kind="departement", code="33")
    make_event("Lille", days=1, departement=nord)
    make_event("Bordeaux", days=2, departement=gironde)
    make_event("Webinaire", days=3, is_online=True, online_url="https://visio.example.org")
    make_event("Webinaire girondin", days=4, is_online=True, departement=gironde)

    by_departement = client.get("/agenda/?departement=59-nord")
    by_region = client.get("/agenda/?region=hauts-de-france")

    assert titles(by_departement) == ["Lille", "Webinaire", "Webinaire girondin"]
    assert titles(by_region) == ["Lille", "Webinaire", "Webinaire girondin"]
    # Each territory's count is what choosing it gives: its own events and the online ones.
    assert facet_counts(by_departement, "departement") == [("33-gironde", 3), ("59-nord", 3)]
    assert facet_counts(by_departement, "format") == [("en-ligne", 2), ("sur-place", 1)]


def test_format_filter_lists_online_or_on_site_events(client):
    make_event("Sur place", days=1)
    make_event("En ligne", days=2, is_online=True, online_url="https://visio.example.org")

    online = client.get("/agenda/?format=en-ligne")
    html = online.content.decode()

    assert titles(online) == ["En ligne"]
    assert titles(client.get("/agenda/?format=sur-place")) == ["Sur place"]
    assert 'name="format" value="en-ligne" checked' in html
    assert "Retirer le filtre En ligne" in html


def test_month_filter_is_a_removable_chip(client):
    month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)

    response = client.get(f"/agenda/?mois={month:%Y-%m}&theme=jeunesse&page=2")
    html = response.content.decode()

    assert response.status_code == 200
    label = ["Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août",
             "Septembre", "Octobre", "Novembre", "Décembre"][month.month - 1]  # fmt: skip
    assert (
        f'<a class="fr-tag fr-tag--dismiss" href="?theme=jeunesse#resultats" '
        f'aria-label="Retirer le filtre {label} {month.year}">{label} {month.year}</a>'
    ) in html


def test_search_cards_show_the_events_own_dates_and_say_when_past(client):
    start = timezone.make_aware(datetime.datetime(2030, 3, 12, 14))
    make_event("Webinaire à venir", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    past = make_event("Webinaire passé", days=-20)

    html = client.get("/rechercher/", {"q": "webinaire"}).content.decode()

    cards = html.split('<li class="fr-mb-3w">')
    upcoming_card = next(card for card in cards if "Webinaire à venir" in card)
    past_card = next(card for card in cards if "Webinaire passé" in card)
    assert f'datetime="{start.isoformat()}"' in upcoming_card
    assert "mardi 12 mars 2030, 14\u00a0h" in upcoming_card  # « 14 h », not « 14h00 »
    assert "Passé</span>" not in upcoming_card
    assert f'datetime="{timezone.localtime(past.starts_at).isoformat()}"' in past_card
    assert "Passé</span>" in past_card


def test_search_page_with_events_runs_a_constant_number_of_queries(
    client, django_assert_num_queries
):
    make_event("Webinaire un", days=1)
    make_event("Webinaire deux", days=-2)
    with django_assert_num_queries(13) as first:  # the search page's 12 + the cards' events
        assert client.get("/rechercher/", {"q": "webinaire"}).status_code == 200
    for n in range(10):
        make_event(f"Webinaire {n}", days=n + 3)
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get("/rechercher/", {"q": "webinaire"}).status_code == 200
