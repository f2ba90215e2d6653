"""Every feed read by feedparser: well formed, self link with its query, absolute URLs from
settings.SITE_URL, enclosures; and each list page advertising the feed of its own selection."""

import datetime
import email.utils
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from research.calls.models import Call
from resources.agenda.models import Event
from resources.models import Theme
from tests.factories import PublicationFactory, ResourceFactory

pytestmark = pytest.mark.django_db

SITE = "https://portail.ints.example"
FEEDS = [
    "/ressources/flux/rss/",
    "/ressources/flux/atom/",
    "/ressources/flux/rss/?theme=jeunesse&q=jeunes&page=2",
    "/ressources/flux/jeunesse/atom/",
    "/agenda/flux/rss/",
    "/agenda/flux/rss/?region=hauts-de-france",
    "/recherche/publications/flux/rss/",
    "/recherche/publications/flux/rss/?type=article",
    "/recherche/appels/flux/rss/",
]


@pytest.fixture
def content(settings):
    settings.SITE_URL = SITE
    now = timezone.now()
    theme = Theme.objects.get(slug="jeunesse")
    with_file = ResourceFactory(title="Guide des jeunes majeurs", themes=[theme])
    with_file.file.save("guide.pdf", ContentFile(b"%PDF-1.4 guide"), save=False)
    type(with_file).objects.filter(pk=with_file.pk).update(
        file=with_file.file.name, file_mime="application/pdf", file_size=14
    )
    ResourceFactory(title="Sans fichier : accents & « guillemets »")
    Event.objects.create(
        title="Journée jeunes",
        slug="journee-jeunes",
        summary="Une journée.",
        starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=6),
        status="published",
        publication_date=now - datetime.timedelta(days=1),
        venue_name="Maison",
        city="Lille",
    )
    PublicationFactory(title="Un article", authors=[("Dupont", "Marie")])
    Call.objects.create(
        title="Appel 2027",
        slug="appel-2027",
        summary="Un appel.",
        description="Axes.",
        eligibility="Tous.",
        budget=100000,
        max_amount=20000,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        is_published=True,
    )


@pytest.mark.parametrize("url", FEEDS)
def test_feed_is_read_by_feedparser_with_its_self_link(client, content, url):
    response = client.get(url)

    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == [SITE + url]
    body = response.content.decode()
    assert "testserver" not in body
    assert all(entry.link.startswith(SITE + "/") for entry in parsed.entries)
    assert parsed.feed.link.startswith(SITE + "/")


def test_feeds_have_their_items(client, content):
    titles = {
        url: [e.title for e in feedparser.parse(client.get(url).content).entries] for url in FEEDS
    }

    assert titles["/agenda/flux/rss/"] == ["Journée jeunes"]
    assert titles["/agenda/flux/rss/?region=hauts-de-france"] == []
    assert titles["/recherche/publications/flux/rss/"] == ["Un article"]
    assert titles["/recherche/appels/flux/rss/"] == ["Appel 2027"]
    assert titles["/ressources/flux/jeunesse/atom/"] == ["Guide des jeunes majeurs"]


def test_resources_with_files_have_enclosures_with_length_and_type(client, content):
    parsed = feedparser.parse(client.get("/ressources/flux/rss/").content)

    enclosures = {e.title: e.enclosures for e in parsed.entries}
    [enclosure] = enclosures["Guide des jeunes majeurs"]
    assert enclosure.href.startswith(SITE + "/ressources/")
    assert enclosure.href.endswith("/telecharger/")
    assert (enclosure.length, enclosure.type) == ("14", "application/pdf")
    assert enclosures["Sans fichier : accents & « guillemets »"] == []


@pytest.mark.parametrize(
    ("page", "advertised"),
    [
        ("/ressources/?theme=jeunesse&page=1", f"{SITE}/ressources/flux/rss/?theme=jeunesse"),
        ("/agenda/?region=hauts-de-france", f"{SITE}/agenda/flux/rss/?region=hauts-de-france"),
        ("/agenda/?region=hauts-de-france", f"{SITE}/agenda/calendrier.ics?region=hauts-de-france"),
        (
            "/recherche/publications/?type=article",
            f"{SITE}/recherche/publications/flux/rss/?type=article",
        ),
        ("/recherche/appels/", f"{SITE}/recherche/appels/flux/rss/"),
        ("/", f"{SITE}/ressources/flux/rss/"),
    ],
)
def test_pages_advertise_the_feed_of_their_selection(client, content, page, advertised):
    response = client.get(page)

    assert response.status_code == 200
    html = response.content.decode()
    hrefs = re.findall(r'<link rel="alternate" type="[^"]+" title="[^"]+" href="([^"]+)"', html)
    assert advertised.replace("&", "&amp;") in hrefs


def test_feed_queries_do_not_grow_with_items(client, content):
    with CaptureQueriesContext(connection) as few:
        assert client.get("/recherche/publications/flux/rss/").status_code == 200
    for n in range(5):
        PublicationFactory(authors=[("Martin", f"N{n}")])
    with CaptureQueriesContext(connection) as many:
        assert client.get("/recherche/publications/flux/rss/").status_code == 200

    assert len(many) == len(few)


# The W3C feed validator's rules that feedparser does not enforce (issue 25).
ATOM = "{http://www.w3.org/2005/Atom}"


def _rfc822(value):
    return email.utils.parsedate_to_datetime(value)


def check_w3c_rules(body):
    """What validator.w3.org/feed reports as errors, checked on the XML itself."""
    root = ET.fromstring(body)
    now = timezone.now() + datetime.timedelta(minutes=5)
    if root.tag == f"{ATOM}feed":
        for name in ("id", "title", "updated"):
            assert root.find(f"{ATOM}{name}") is not None, f"feed without {name}"
        feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
        for entry in root.iter(f"{ATOM}entry"):
            for name in ("id", "title", "updated"):
                assert entry.find(f"{ATOM}{name}") is not None, f"entry without {name}"
            # RFC 4287 §4.1.1: an entry without author needs a feed author.
            assert feed_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
            updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
            assert updated <= now, "entry updated in the future"
            published = entry.findtext(f"{ATOM}published")
            assert not published or datetime.datetime.fromisoformat(published) <= now
    else:
        channel = root.find("channel")
        for name in ("title", "link", "description"):
            assert channel.findtext(name), f"channel without {name}"
        for item in channel.iter("item"):
            assert item.findtext("title") or item.findtext("description")
            assert item.findtext("guid") or item.findtext("link")
            assert _rfc822(item.findtext("pubDate")) <= now, "item dated in the future"
            author = item.findtext("author")
            # RSS's <author> must be an email address; names go in dc:creator.
            assert not author or "@" in author


@pytest.mark.parametrize("url", FEEDS)
def test_feed_follows_the_w3c_validator_rules(client, content, url):
    check_w3c_rules(client.get(url).content)


def test_call_items_are_dated_when_published_not_at_a_future_opening(client, content):
    Call.objects.create(
        title="Appel à venir",
        slug="appel-a-venir",
        summary="Bientôt.",
        description="Axes.",
        eligibility="Tous.",
        budget=100000,
        max_amount=20000,
        opens_at=timezone.now() + datetime.timedelta(days=20),
        closes_at=timezone.now() + datetime.timedelta(days=60),
        is_published=True,
    )

    body = client.get("/recherche/appels/flux/rss/").content

    parsed = feedparser.parse(body)
    assert "Appel à venir" in [e.title for e in parsed.entries]
    check_w3c_rules(body)


@pytest.mark.parametrize("url", FEEDS)
def test_conditional_requests_are_answered_304(client, content, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"]

    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    stale = client.get(url, HTTP_IF_NONE_MATCH='"autre"')

    assert by_etag.status_code == 304
    assert by_etag.content == b""
    if feedparser.parse(first.content).entries:
        # (Without items, Django dates a feed "now": a date-only request may get it again.)
        assert by_date.status_code == 304
    assert stale.status_code == 200


def test_resource_list_advertises_absolute_feed_links_following_its_filters(client, content):
    html = client.get("/ressources/?theme=jeunesse").content.decode()

    hrefs = re.findall(r'<link rel="alternate" type="[^"]+" title="[^"]+" href="([^"]+)"', html)

    assert hrefs == [
        f"{SITE}/ressources/flux/rss/?theme=jeunesse",
        f"{SITE}/ressources/flux/atom/?theme=jeunesse",
    ]
