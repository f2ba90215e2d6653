"""The alert of one saved selection, read back from a real SMTP server (aiosmtpd, as the
deploy tests run it): confirmation, digest and unsubscribe say in words what was saved, and
the digest holds exactly the items of that selection."""

import datetime
import html
import re

import pytest
from django.test import Client
from django.utils import timezone

from resources.agenda.models import Event
from resources.engagement import services
from resources.engagement.models import Subscription
from resources.models import Theme
from tests.deploy.stack import SMTPServer, free_port
from tests.factories import ResourceFactory
from tests.outputs.conftest import CHILD, NORD, make_event

pytestmark = pytest.mark.django_db
ADDRESS = "educatrice@example.fr"
SENTENCE = "Ressources · thématique Protection de l'enfance · Nord"


@pytest.fixture
def smtp(settings):
    server = SMTPServer(free_port())
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = False
    yield server
    server.stop()


def words(text):
    """Text as a reader sees it: the typography's no-break spaces as spaces, entities read."""
    return " ".join(html.unescape(text).replace("\u202f", " ").replace("\xa0", " ").split())


def plain(message):
    return words(message.get_body(("plain",)).get_content())


def link(message, pattern):
    body = message.get_body(("plain",)).get_content()
    return re.search(rf"https://127\.0\.0\.1:8000({pattern})", body).group(1)


def follow_form(client, url):
    """The hidden fields of the list page's « Suivre cette sélection » form."""
    page = client.get(url).content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    return {**{k: html.unescape(v) for k, v in fields.items()}, "email": ADDRESS, "website": ""}


def subscribe_and_confirm(client, smtp, url):
    sent = client.post("/alertes/", follow_form(client, url))
    assert sent.status_code == 200
    confirmation = smtp.mailbox.to(ADDRESS)[-1]
    confirmed = client.get(link(confirmation, r"/alertes/confirmer/\S+/"))
    assert confirmed.status_code == 200
    return words(sent.content.decode()), confirmation, words(confirmed.content.decode())


def digest_titles(message):
    return re.findall(r"- (.+?) \(\d", message.get_body(("plain",)).get_content())


def test_alert_says_what_was_saved_and_the_digest_holds_exactly_that_selection(
    client, catalogue, smtp
):
    sent_page, confirmation, confirmed_page = subscribe_and_confirm(
        client, smtp, f"/ressources/?theme={CHILD}&territoire={NORD}&tri=titre&page=1"
    )
    later = timezone.now() + datetime.timedelta(minutes=5)
    published = later - datetime.timedelta(minutes=1)
    child, handicap = catalogue.child, Theme.objects.get(slug="handicap")
    ResourceFactory(
        title="Protocole départemental",
        themes=[child],
        territories=[catalogue.nord],
        publication_date=published,
    )
    ResourceFactory(title="Protocole national", themes=[child], publication_date=published)
    ResourceFactory(
        title="Handicap dans le Nord",
        themes=[handicap],
        territories=[catalogue.nord],
        publication_date=published,
    )

    assert services.send_digests(now=later) == 1

    digest = smtp.mailbox.to(ADDRESS)[-1]
    assert SENTENCE in sent_page and SENTENCE in confirmed_page
    assert f"la sélection « {SENTENCE} »" in plain(confirmation)
    assert f"votre sélection « {SENTENCE} »" in plain(digest)
    assert digest_titles(digest) == ["Protocole départemental"]
    assert digest["Subject"] == "1 nouveauté pour votre alerte INTS"
    assert Subscription.objects.get().query_string == f"territoire={NORD}&theme={CHILD}"
    # The HTML part lists the same item, and links to the whole selection on the site.
    html_part = digest.get_body(("html",)).get_content()
    assert "Protocole départemental" in html_part and "Protocole national" not in html_part
    assert f"/ressources/?territoire={NORD}&amp;theme={CHILD}" in html_part


def test_a_filter_change_between_subscription_and_digest(client, catalogue, smtp):
    subscribe_and_confirm(client, smtp, f"/ressources/?theme={CHILD}&territoire={NORD}")
    # The visitor then browses other filters: what was saved does not move.
    client.get("/ressources/?theme=handicap")
    later = timezone.now() + datetime.timedelta(minutes=5)
    published = later - datetime.timedelta(minutes=1)
    moved_out = ResourceFactory(
        title="Retiré de la sélection",
        themes=[catalogue.child],
        territories=[catalogue.nord],
        publication_date=published,
    )
    moved_in = ResourceFactory(title="Entré dans la sélection", publication_date=published)
    # Editors change the items' filters before the digest goes out.
    moved_out.themes.set([Theme.objects.get(slug="handicap")])
    moved_in.themes.set([catalogue.child])
    moved_in.territories.set([catalogue.nord])
    moved_out.save()
    moved_in.save()  # reindexed: the search entries carry the new themes

    assert services.send_digests(now=later) == 1

    assert digest_titles(smtp.mailbox.to(ADDRESS)[-1]) == ["Entré dans la sélection"]


def test_search_alert_digest_applies_its_facets_and_names_them(client, catalogue, smtp):
    subscribe_and_confirm(client, smtp, "/rechercher/?q=mineurs+non+accompagnés&type=evenement")
    later = timezone.now() + datetime.timedelta(minutes=5)
    make_event(
        "Accueillir les mineurs non accompagnés",
        days=20,
        publication_date=later - datetime.timedelta(minutes=1),
    )
    ResourceFactory(
        title="Guide des mineurs non accompagnés",
        publication_date=later - datetime.timedelta(minutes=1),
    )

    assert services.send_digests(now=later) == 1

    digest = smtp.mailbox.to(ADDRESS)[-1]
    assert "« Recherche « mineurs non accompagnés » · Événement »" in plain(digest)
    assert digest_titles(digest) == ["Accueillir les mineurs non accompagnés"]


def test_one_click_unsubscribe_from_the_digest_and_its_pages_name_the_selection(
    client, catalogue, smtp
):
    subscribe_and_confirm(client, smtp, f"/agenda/?departement={NORD}")
    later = timezone.now() + datetime.timedelta(minutes=5)
    make_event("Forum du Nord", departement=catalogue.nord, publication_date=later)
    services.send_digests(now=later + datetime.timedelta(minutes=1))
    digest = smtp.mailbox.to(ADDRESS)[-1]
    path = re.search(r"<https://127\.0\.0\.1:8000(\S+)>", digest["List-Unsubscribe"]).group(1)

    asked = client.get(path)
    done = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert digest_titles(digest) == ["Forum du Nord"]
    assert "la sélection « Agenda · Nord »" in words(asked.content.decode())
    assert done.status_code == 200
    assert "désabonné·e de la sélection « Agenda · Nord »" in words(done.content.decode())
    assert not Subscription.objects.exists()


def test_moved_event_is_not_announced_twice_and_retitled_resource_neither(catalogue):
    subscription = Subscription.objects.create(
        email=ADDRESS,
        scope="events",
        query_string=f"departement={NORD}",
        confirmed_at=timezone.now() - datetime.timedelta(days=2),
    )
    now = timezone.now()
    first = services.new_items(subscription, since=now - datetime.timedelta(days=2), until=now)
    event = Event.objects.get(pk=catalogue.nord_event.pk)
    event.starts_at += datetime.timedelta(days=3)
    event.ends_at += datetime.timedelta(days=3)
    event.title = "Journée enfance à Lille (reportée)"
    event.save()
    later = now + datetime.timedelta(hours=1)

    again = services.new_items(subscription, since=now, until=later)

    assert [item.title for item in first] == ["Journée enfance à Lille"]
    assert again == []
