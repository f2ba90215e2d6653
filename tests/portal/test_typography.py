"""French typography (core.typography) on every page type and in every email sent on the
way: no ordinary space before « : ; ! ? » nor inside « », « 1er » for the first of a month,
« 13 h » rather than « 13h00 », the singular for 0 and 1, downloads in words, amounts that do
not break. The page list is the Nu checker's (tests/portal/test_html_validity.py)."""

import datetime
import re
from html import unescape

import pytest
from django.template import Context, Template
from django.utils import translation

from core.models import OutboxMessage
from core.typography import NBSP, NNBSP, french_date, french_html, french_text
from hautes_etudes.demo import load_hautes_etudes_demo
from hautes_etudes.models import Application
from tests.helpers import open_emailed_link
from tests.portal.test_html_validity import page_sources

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
SLIPS = [
    (re.compile(r" [:;!?](?=\s|$)"), "espace ordinaire avant la ponctuation"),
    (re.compile(r"« | »"), "espace ordinaire dans les guillemets"),
    (re.compile(rf"(?<!\d)1[ \u00a0]({MONTHS})\b"), "« 1er » attendu"),
    (re.compile(r"\d ?h\d\d"), "« 13 h » attendu"),
    (
        re.compile(r"(?<!\d)[01] (résultats|ressources|établissements|événements|publications)\b"),
        "singulier attendu pour 0 et 1",
    ),
    (re.compile(r"\boctets\b"), "taille en octets"),
    (re.compile(r"application/\w"), "type MIME affiché"),
    (re.compile(r"\d \d{3}\b"), "nombre sécable"),
]
_HIDDEN = re.compile(r"<(script|style|textarea|template)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)


def visible_text(html):
    """The text a reader sees (tags and scripts removed, entities decoded)."""
    return unescape(re.sub(r"<[^>]+>", " ", _HIDDEN.sub(" ", html)))


def slips(text):
    found = []
    for pattern, reason in SLIPS:
        for match in pattern.finditer(text):
            start = max(match.start() - 30, 0)
            found.append(f"{reason}: …{text[start : match.end() + 10]!r}…")
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Période : 2020 ; voir ? oui !", f"Période{NBSP}: 2020{NNBSP}; voir{NNBSP}? oui{NNBSP}!"),
        ("« Aller-vers »", f"«{NNBSP}Aller-vers{NNBSP}»"),
        (
            "jusqu'à 80 000 € et 1 250 000 €",
            f"jusqu'à 80{NNBSP}000{NBSP}€ et 1{NNBSP}250{NNBSP}000{NBSP}€",
        ),
        ("de 13h00 à 9h30", f"de 13{NBSP}h à 9{NBSP}h{NBSP}30"),
        ("le 1 mars", f"le 1er{NBSP}mars"),
        ("en 2025 150 personnes, au 01 23 45 67 89", "en 2025 150 personnes, au 01 23 45 67 89"),
        ("https://exemple.fr/?q=a:b", "https://exemple.fr/?q=a:b"),
    ],
)
def test_french_text_spaces_and_numbers(text, expected):
    assert french_text(text) == expected


def test_french_html_leaves_tags_scripts_and_code_alone():
    html = '<p title="a : b">Texte : <code>a : b</code> ?</p><script>x = a ? b : c;</script>'

    assert french_html(html) == (
        f'<p title="a : b">Texte{NBSP}: <code>a : b</code>{NNBSP}?</p>'
        "<script>x = a ? b : c;</script>"
    )


def test_french_date_writes_1er_and_hours_the_french_way():
    with translation.override("fr"):
        first = french_date(datetime.datetime(2026, 12, 1, 13, 0), "l j F Y à H\\hi")
        half = french_date(datetime.datetime(2026, 3, 11, 9, 30), "j F Y, H:i")

    assert first == f"mardi 1er{NBSP}décembre 2026 à 13{NBSP}h"
    assert half == f"11 mars 2026, 9{NBSP}h{NBSP}30"


def test_counts_take_the_singular_for_zero_and_one():
    template = Template(
        "{% load i18n %}{% for n in counts %}{% blocktranslate count counter=n %}{{ counter }} "
        "résultat{% plural %}{{ counter }} résultats{% endblocktranslate %}|{% endfor %}"
        '{{ 0|accord:"ressource,ressources" }}'
    )

    with translation.override("fr"):
        text = template.render(Context({"counts": [0, 1, 2]}))

    assert text == "0 résultat|1 résultat|2 résultats|ressource"


def test_every_plural_of_the_templates_is_in_the_french_catalogue():
    """A plural missing from locale/fr falls back to the English rule (« 0 résultats »): run
    `manage.py french_plurals` after adding one."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    pattern = re.compile(
        r"{% blocktranslate count (\w+)=[^%]*%}(.*?){% plural %}(.*?){% endblocktranslate %}",
        re.S,
    )
    missing = []
    with translation.override("fr"):
        for path in root.rglob("*.*"):
            for _counter, singular, plural in pattern.findall(path.read_text(encoding="utf-8")):
                msgid = re.sub(r"{{ (\w+)[^}]*}}", r"%(\1)s", singular)
                msgid_plural = re.sub(r"{{ (\w+)[^}]*}}", r"%(\1)s", plural)
                if translation.ngettext(msgid, msgid_plural, 0) != msgid:
                    missing.append(f"{path.name}: {singular[:50]}")
    assert missing == []


def test_download_details_are_in_words():
    template = Template("{% load numbers %}{{ m|fichier:s }}|{{ m|fichier }}|{{ o|fichier:b }}")

    text = template.render(
        Context(
            {
                "m": "application/pdf",
                "s": 645,
                "o": "application/vnd.oasis.opendocument.text",
                "b": 1_300_000,
            }
        )
    )

    assert text == f"PDF, 1{NBSP}ko|PDF|OpenDocument texte, 1,2{NBSP}Mo"


@pytest.mark.django_db
def test_every_page_type_and_email_reads_as_french_typography(client):
    found = {}
    for name, response in page_sources(client):
        assert response.status_code in (200, 400, 404), name
        problems = slips(visible_text(response.content.decode()))
        if problems:
            found[name] = problems
    messages = list(OutboxMessage.objects.all())
    assert {m.template_prefix for m in messages} >= {
        "applications/email/link",
        "hautes_etudes/email/employer",
    }
    for message in messages:
        for part, text in [
            ("subject", message.subject),
            ("text", message.body_text),
            ("html", visible_text(message.body_html)),
        ]:
            problems = slips(text)
            if problems:
                found[f"{message.template_prefix} ({part})"] = problems

    assert found == {}, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())


@pytest.mark.django_db
def test_every_email_template_reads_as_french_typography(client):
    """Each trio under templates/*/email*/ sent through the one sender, with a date on the first
    of a month at 13:00 and a curated body written with ordinary spaces."""
    from pathlib import Path

    from django.utils import timezone

    from core.emails import send_templated_email
    from resources.engagement.models import Subscription

    load_hautes_etudes_demo()
    client.post("/hautes-etudes/candidater/", {"email": "typo@example.fr"})
    open_emailed_link(client)
    application = Application.objects.get(email="typo@example.fr")
    first_of_december = timezone.make_aware(datetime.datetime(2026, 12, 1, 13, 0))
    application.submitted_at = application.confirm_before = first_of_december
    subscription = Subscription.objects.create(email="typo@example.fr", scope="resources")
    context = {
        "application": application,
        "edition": application.parent,
        "candidate": "Awa Diallo",
        "title": "Cycle des hautes études 2027",
        "link": "/hautes-etudes/candidater/reprendre/abc/",
        "confirm_link": "/hautes-etudes/candidater/place/abc/",
        "first": True,
        "subscription": subscription,
        "confirm_url": "https://127.0.0.1:8000/alertes/confirmer/abc/",
        "unsubscribe_url": "https://127.0.0.1:8000/alertes/desabonner/abc/",
        "items": [{"date": first_of_december, "title": "Guide : l'aller-vers", "url": "/r/"}],
        "subject": "Votre candidature : décision",
        "body": "Bonjour,\n\nDécision : retenue ; bravo ! Le cycle commence le 1 mars à 9h30.",
        # the editors' daily summary (editorial/notifications.py)
        "count": 7,
        "late": 2,
        "queue_path": "/admin/editorial/editorialevent/file-de-moderation/",
        "rows": [
            {
                "kind": "Pratique inspirante",
                "title": "Le café des parents : un an après",
                "days": 12,
                "admin_path": "/admin/resources/practice/1/change/",
            }
        ],
    }
    root = Path(__file__).resolve().parents[2] / "templates"
    prefixes = sorted(
        str(path.relative_to(root))[: -len("_subject.txt")]
        for path in root.rglob("*_subject.txt")
        if "email" in str(path.relative_to(root))
    )
    assert len(prefixes) >= 7

    found = {}
    for prefix in prefixes:
        message = send_templated_email(
            to=["typo@example.fr"], template_prefix=prefix, context=context
        )
        for part, text in [
            ("subject", message.subject),
            ("text", message.body_text),
            ("html", visible_text(message.body_html)),
        ]:
            problems = slips(text)
            if problems:
                found[f"{prefix} ({part})"] = problems

    assert found == {}, "\n".join(f"{k}:\n  " + "\n  ".join(v) for k, v in found.items())
