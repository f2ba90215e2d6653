"""The one field component (templates/includes/field.html) and the error summary, as rendered:
autocomplete tokens on personal data (RGAA 11.13), errors linked to fields and groups by ids
that exist, no `#` link in the summary; engagement pages titled."""

import re

import pytest
from django.test import Client

from hautes_etudes.demo import load_hautes_etudes_demo
from tests.factories import ResourceFactory
from tests.helpers import open_emailed_link

pytestmark = pytest.mark.django_db

ID_REFERENCES = re.compile(r'aria-(?:describedby|labelledby)="([^"]*)"')


def missing_ids(html):
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    referenced = {ref for refs in ID_REFERENCES.findall(html) for ref in refs.split()}
    return sorted(referenced - ids)


def summary_links(html):
    summary = html[html.index('id="erreurs-formulaire"') :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'href="([^"]*)"', summary)


@pytest.fixture
def applicant():
    load_hautes_etudes_demo()
    client = Client()
    client.post("/hautes-etudes/candidater/", {"email": "auto@example.fr"})
    open_emailed_link(client)  # the start form sends the resume link
    return client


def test_identity_fields_carry_autocomplete_tokens(applicant):
    html = applicant.get("/hautes-etudes/candidater/etapes/identite/").content.decode()
    assert re.search(r'<input[^>]*autocomplete="given-name"[^>]*id="id_first_name"', html)
    assert re.search(r'<input[^>]*autocomplete="family-name"[^>]*id="id_last_name"', html)
    assert re.search(r'<input[^>]*autocomplete="tel"[^>]*id="id_phone"', html)


def test_situation_fields_carry_autocomplete_but_not_the_employer_email(applicant):
    situation = applicant.get("/hautes-etudes/candidater/etapes/situation/").content.decode()
    assert re.search(r'autocomplete="organization-title"[^>]*id="id_position"', situation)
    assert re.search(r'autocomplete="organization"[^>]*id="id_employer"', situation)
    documents = applicant.get("/hautes-etudes/candidater/etapes/documents/").content.decode()
    employer_email = re.search(r'<input[^>]*id="id_employer_email"[^>]*>', documents).group(0)
    assert "autocomplete" not in employer_email


def test_start_and_alert_emails_carry_the_email_token(client):
    load_hautes_etudes_demo()
    for path in ["/hautes-etudes/candidater/", "/alertes/"]:
        html = client.get(path).content.decode()
        assert re.search(r'<input[^>]*type="email"[^>]*autocomplete="email"', html), path


def test_radio_group_errors_are_linked_to_the_first_radio(applicant):
    response = applicant.post("/hautes-etudes/candidater/etapes/situation/", {})
    html = response.content.decode()
    assert response.status_code == 200
    links = summary_links(html)
    assert "#id_employer_kind_0" in links and "#id_category_0" in links
    assert "#" not in links
    assert missing_ids(html) == []
    assert 'aria-labelledby="id_employer_kind-legende id_employer_kind-erreurs"' in html
    assert 'id="id_employer_kind-erreurs"' in html


@pytest.mark.parametrize("step", ["identite", "situation", "motivation", "consentement"])
def test_every_step_in_error_references_only_existing_ids(applicant, step):
    response = applicant.post(f"/hautes-etudes/candidater/etapes/{step}/", {"phone": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "autofocus data-ints-error-summary" in html
    assert missing_ids(html) == []
    assert "#" not in summary_links(html)


def test_feedback_errors_link_to_the_radio_group(client):
    resource = ResourceFactory()
    response = client.post(f"/ressources/{resource.slug}/avis/", {})
    html = response.content.decode()
    assert response.status_code == 400
    assert summary_links(html) == ["#id_useful_0"]
    assert missing_ids(html) == []


def test_alert_page_says_what_one_subscribes_to(client):
    response = client.get("/alertes/?scope=resources&query=q%3Daller&label=Aller-vers")
    html = response.content.decode()
    assert response.status_code == 200
    # The selection in words (resources.selection.describe), never the label sent with it.
    assert (
        "Vous serez prévenu·e par courriel des nouveautés de la sélection «\u202fRessources" in html
    )
    assert "aller" in html and "Aller-vers" not in html


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/alertes/", "Créer une alerte par courriel"),
        ("/alertes/confirmer/faux/", "Lien invalide ou expiré"),
        ("/alertes/desabonner/faux/", "Lien invalide ou expiré"),
    ],
)
def test_engagement_pages_show_their_title_thrice(client, path, title):
    html = client.get(path).content.decode()
    assert f"<title>{title} — " in html
    assert f"<h1>{title}</h1>" in html
    assert re.search(rf'aria-current="page" href="[^"]*">{re.escape(title)}</a>', html)


def test_alert_errors_link_to_the_email_field(client):
    response = client.post("/alertes/", {"email": "pas-une-adresse", "scope": "resources"})
    html = response.content.decode()
    assert response.status_code == 400
    assert summary_links(html) == ["#id_email"]
    assert 'aria-describedby="id_email_helptext id_email-erreurs"' in html
    assert missing_ids(html) == []


def test_favicon_ico_leads_to_the_dsfr_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/dsfr/dist/favicon/favicon.ico"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    icon.close()
