import datetime
import html
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.typography import french_text
from resources.engagement import services
from resources.engagement.models import Feedback, ResourceStat, Subscription
from resources.models import Resource, Theme
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


def subscribe(client, **data):
    payload = {
        "email": "lea@example.fr",
        "scope": "resources",
        "query": "theme=jeunesse",
        "label": "Jeunesse",
        "website": "",
    }
    payload.update(data)
    return client.post("/alertes/", payload)


def link_in(message, pattern):
    return re.search(pattern, message.body).group(0).split("https://127.0.0.1:8000")[-1]


def test_subscription_needs_confirmation_before_anything_is_sent(client):
    response = subscribe(client)

    assert response.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.query_string == "theme=jeunesse"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Confirmez votre alerte — Institut national du travail social"
    assert services.send_digests() == 0

    confirm = link_in(mail.outbox[0], r"\S+/alertes/confirmer/\S+/")
    assert client.get(confirm).status_code == 200

    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_digest_sends_only_what_is_new_and_matching_then_nothing_twice(client):
    youth = Theme.objects.get(slug="jeunesse")
    subscribe(client)
    client.get(link_in(mail.outbox[0], r"\S+/alertes/confirmer/\S+/"))
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(minutes=5)
    ResourceFactory(
        title="Nouvelle pour la jeunesse",
        themes=[youth],
        publication_date=later - datetime.timedelta(minutes=1),
    )
    ResourceFactory(
        title="Nouvelle sans rapport", publication_date=later - datetime.timedelta(minutes=1)
    )

    assert services.send_digests(now=later) == 1
    assert services.send_digests(now=later + datetime.timedelta(days=1)) == 0

    message = mail.outbox[0]
    assert "Nouvelle pour la jeunesse" in message.body
    assert "Nouvelle sans rapport" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert "Nouvelle pour la jeunesse" in html


def test_unsubscribe_asks_on_get_and_deletes_on_post(client):
    subscription = Subscription.objects.create(
        email="a@example.fr", scope="resources", confirmed_at=timezone.now()
    )
    url = services.unsubscribe_url(subscription)

    assert client.get(url).status_code == 200
    assert Subscription.objects.count() == 1
    assert client.post(url).status_code == 200
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize("token", ["faux", "abc:def:ghi", "x" * 300])
def test_tampered_links_are_refused(client, token):
    assert client.get(f"/alertes/confirmer/{token}/").status_code == 404
    assert client.get(f"/alertes/desabonner/{token}/").status_code == 404


def test_expired_confirmation_link_is_refused(client):
    subscribe(client)
    confirm = link_in(mail.outbox[0], r"\S+/alertes/confirmer/\S+/")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1))
        assert client.get(confirm).status_code == 404
    assert Subscription.objects.get().confirmed_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": ""}, "Indiquez votre adresse électronique."),
        ({"email": "pas-une-adresse"}, "Cette adresse électronique n&#x27;est pas valide."),
        ({"email": "a@b.fr", "website": "http://spam"}, "n&#x27;a pas pu être enregistrée"),
        ({"email": "a@b.fr", "scope": "inconnu"}, "n&#x27;a pas pu être enregistrée"),
    ],
)
def test_bad_subscription_input_gets_a_french_error(client, data, message):
    response = subscribe(client, **data)

    assert response.status_code == 400
    assert html.unescape(message) in html.unescape(response.content.decode())
    assert Subscription.objects.count() == 0
    assert mail.outbox == []


def test_same_alert_twice_is_stored_once(client):
    subscribe(client, query="theme=jeunesse&page=3&tri=titre")
    subscribe(client, email="LEA@example.fr")
    assert Subscription.objects.count() == 1


def test_subscriptions_are_rate_limited_per_client(client):
    for n in range(10):
        assert subscribe(client, email=f"p{n}@example.fr").status_code == 200
    response = subscribe(client, email="encore@example.fr")
    assert response.status_code == 429
    assert "trop de demandes" in response.content.decode()


def test_views_and_downloads_are_counted_without_cookies(client):
    resource = ResourceFactory()
    client.get(resource.get_absolute_url(), headers=BROWSER)
    response = client.get(resource.get_absolute_url(), headers=BROWSER)
    client.get(resource.get_absolute_url(), headers={"User-Agent": "Googlebot/2.1"})

    stat = ResourceStat.objects.get()
    assert (stat.views, stat.downloads) == (2, 0)
    assert response.cookies == {}  # public pages set no cookie at all


def test_drafts_previewed_by_curators_are_not_counted(admin_client):
    resource = ResourceFactory(draft=True)
    admin_client.get(f"/ressources/{resource.slug}/apercu/", headers=BROWSER)
    assert ResourceStat.objects.count() == 0


def test_feedback_is_stored_and_rate_limited(client):
    resource = ResourceFactory()
    url = f"/ressources/{resource.slug}/avis/"

    response = client.post(url, {"useful": "oui", "comment": "Très clair."})
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url() + "#avis"
    assert list(Feedback.objects.values_list("useful", "comment")) == [(True, "Très clair.")]

    client.post(url, {"useful": "non"})
    client.post(url, {"useful": "non"})
    assert client.post(url, {"useful": "non"}).status_code == 429
    assert Feedback.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choisissez « Oui » ou « Non »."),
        ({"useful": "peut-être"}, "Sélectionnez un choix valide"),
        ({"useful": "oui", "comment": "x" * 1001}, "Votre commentaire dépasse 1 000 caractères."),
    ],
)
def test_bad_feedback_gets_a_french_error(client, data, message):
    resource = ResourceFactory()
    response = client.post(f"/ressources/{resource.slug}/avis/", data)
    assert response.status_code == 400
    assert french_text(message) in html.unescape(response.content.decode())
    assert Feedback.objects.count() == 0


def test_feedback_on_unpublished_resource_is_404(client):
    resource = ResourceFactory(draft=True)
    assert client.post(f"/ressources/{resource.slug}/avis/", {"useful": "oui"}).status_code == 404


def test_easy_read_summary_is_shown_first_on_request(client):
    resource = ResourceFactory(easy_read_summary="Ce guide explique vos droits.")

    default = html.unescape(client.get(resource.get_absolute_url()).content.decode())
    page = client.get(resource.get_absolute_url() + "?falc=1").content.decode()
    chosen = page[page.index("<main") :]

    assert "Lire d'abord le résumé en «\u202ffacile à lire et à comprendre\u202f»" in default
    assert "Ce guide explique vos droits." not in default
    assert chosen.index("Ce guide explique vos droits.") < chosen.index(resource.summary)


def test_feed_follows_the_filtered_list(client):
    youth = Theme.objects.get(slug="jeunesse")
    ResourceFactory(title="Jeunes majeurs", themes=[youth])
    ResourceFactory(title="Grand âge")

    rss = client.get("/ressources/flux/rss/?theme=jeunesse").content.decode()

    assert "Jeunes majeurs" in rss and "Grand âge" not in rss


def test_due_for_review_uses_the_interval_from_last_review():
    now = timezone.now()
    due = ResourceFactory(
        title="À relire",
        review_interval_days=30,
        last_reviewed_at=now - datetime.timedelta(days=31),
    )
    ResourceFactory(
        title="À jour", review_interval_days=30, last_reviewed_at=now - datetime.timedelta(days=29)
    )

    assert list(Resource.objects.due_for_review()) == [due]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # live_server: transactional
@pytest.mark.usefixtures("reference_data")
def test_link_checker_flags_broken_links_and_missing_files(live_server):
    ok = ResourceFactory(external_url=f"{live_server.url}/sante/")
    broken = ResourceFactory(external_url=f"{live_server.url}/page-absente/")
    missing = ResourceFactory(file="resources/resource/2026/01/absent.pdf")

    call_command("check_resource_links", "--workers", "2")

    ok.refresh_from_db()
    broken.refresh_from_db()
    missing.refresh_from_db()
    assert ok.link_error == "" and ok.link_checked_at is not None
    assert broken.link_error == "Le lien répond 404"
    assert missing.link_error == "Fichier absent du stockage"


def test_digest_command_reports_its_count():
    from io import StringIO

    out = StringIO()
    call_command("send_alert_digests", stdout=out)
    assert out.getvalue().strip() == "0 courriel(s) d'alerte envoyé(s)."
