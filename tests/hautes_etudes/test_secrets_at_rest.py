"""After a whole selection of both pillars, nothing in the outbox or in the application tables
opens anything: every string that looks like a token, alone or as the end of a URL, is tried
against every secret-link view, and each answers 404. The links that were emailed do open
(the same harness sees them), so the scan can tell."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from applications import decisions, places
from applications.models import ApplicationStatus
from applications.workflow import transition
from hautes_etudes import services
from hautes_etudes.models import Application
from research.calls.models import CallApplication
from tests.hautes_etudes.conftest import ANSWERS, fill_all, link_from, start
from tests.hautes_etudes.test_application import _documents_with_employer
from tests.research.test_calls import _many_applicants, apply, call  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
S = ApplicationStatus
TABLES = [
    "ints_portal_outboxmessage",
    "ints_portal_applicationevent",
    "hautes_etudes_application",
    "hautes_etudes_attachment",
    "hautes_etudes_review",
    "research_callapplication",
    "research_callattachment",
    "research_callreview",
]
CANDIDATE = re.compile(r"[A-Za-z0-9_\-:.]{20,}")


def secret_views(open_call):
    return [
        "/hautes-etudes/candidater/reprendre/{}/",
        "/hautes-etudes/candidater/place/{}/",
        "/hautes-etudes/accord-employeur/{}/",
        f"/recherche/appels/{open_call.slug}/candidater/reprendre/{{}}/",
        "/alertes/confirmer/{}/",
        "/alertes/desabonner/{}/",
    ]


def opening(token, views):
    """The views that `token` opens (anything but a 404), each from a fresh browser."""
    return [view for view in views if Client().get(view.format(token)).status_code != 404]


def whole_selection(open_call):
    """Both pillars from the start form to the places, with the employer's answer, a resend
    and an alert subscription: every kind of secret link is emailed at least once."""
    first = Client()
    start(first, email="c1@example.fr")
    _documents_with_employer(first)
    first.post("/hautes-etudes/candidater/etapes/consentement/", ANSWERS["consentement"])
    first.post("/hautes-etudes/candidater/recapitulatif/")
    request = next(m for m in mail.outbox if m.to == ["drh@gironde.example.fr"])
    Client().post(link_from(request), {"answer": "accord"})
    for n in (2, 3, 4):
        browser = Client()
        start(browser, email=f"c{n}@example.fr")
        fill_all(browser)
        browser.post("/hautes-etudes/candidater/recapitulatif/")
    c1, c2, c3, c4 = (Application.objects.get(email=f"c{n}@example.fr") for n in (1, 2, 3, 4))
    places.accept(application=c1, by=None)
    transition(application=c2, to=S.WAITING_LIST, by=None)
    transition(application=c3, to=S.REJECTED, by=None)
    places.accept(application=c4, by=None)
    place_link = {m.to[0]: link_from(m) for m in mail.outbox if "/place/" in m.body}
    Client().post(place_link["c1@example.fr"], {"place": "confirmer"})
    Client().post(place_link["c4@example.fr"], {"place": "renoncer"})  # c2 is promoted
    promoted = [m for m in mail.outbox if m.to == ["c2@example.fr"] and "/place/" in m.body]
    Client().post(link_from(promoted[-1]), {"place": "confirmer"})
    c3.refresh_from_db()
    decisions.resend(application=c3)
    services.ask_employer(application=c3)  # an employer link still open, asked again

    for n, target in enumerate((S.ACCEPTED, S.WAITING_LIST, S.REJECTED)):
        project = apply(Client(), open_call, email=f"labo{n}@univ.example.fr")
        transition(application=project, to=target, by=None)
    Client().post("/alertes/", {"email": "lecteur@example.fr", "scope": "resources", "query": ""})

    assert Application.objects.get(pk=c2.pk).status == S.CONFIRMED
    assert set(CallApplication.objects.values_list("status", flat=True)) == {
        S.ACCEPTED,
        S.WAITING_LIST,
        S.REJECTED,
    }


def stored_text():
    """Every row of the tables, as the JSON text PostgreSQL gives of it (every column)."""
    rows = []
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT row_to_json(t)::text FROM {table} t")  # noqa: S608  (constant names)
            rows += [row for (row,) in cursor.fetchall()]
    return rows


def candidates(texts):
    found = set()
    for text in texts:
        for match in CANDIDATE.findall(text.replace("\\/", "/")):
            found.add(match)
            found.update(part for part in match.split("/") if len(part) >= 20)
    return found


def test_no_token_at_rest_opens_anything_after_a_whole_selection(edition, call):  # noqa: F811
    whole_selection(call)
    views = secret_views(call)
    emailed = candidates(
        part
        for message in mail.outbox
        for part in re.findall(r"https?://[^/\s]+(/\S+)", message.body)
    )
    rows = stored_text()
    found = candidates(rows)

    assert any("@@lien-" in row for row in rows)  # the scan reads the bodies
    assert len(found) > 50
    assert [t for t in emailed if opening(t, views)]  # the emailed links do open
    opened = {token: views for token in sorted(found) if (views := opening(token, views))}
    assert opened == {}
