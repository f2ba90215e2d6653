"""Every page type, including forms showing errors, passes the Nu HTML Checker with 0 errors."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import (
    ContractOfferFactory,
    LabFactory,
    OrganisationFactory,
    ProjectFactory,
    PublicationFactory,
    ResourceFactory,
)
from tests.helpers import open_emailed_link

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not VNU.exists() or not shutil.which("java"),
        reason="make test installs vnu-jar; Java is on the machine",
    ),
]


def page_sources(client):
    resource = ResourceFactory(title="Guide de l'aller-vers", easy_read_summary="Texte simple.")
    yield "home", client.get("/")
    yield "list", client.get("/ressources/?theme=aller-vers&q=aller")
    yield "detail", client.get(resource.get_absolute_url())
    yield "detail-falc", client.get(resource.get_absolute_url() + "?falc=1")
    yield "search", client.get("/rechercher/?q=aller-vers")
    yield "search-empty", client.get("/rechercher/?q=zzzzzz")
    yield from agenda_pages(client)
    yield "search-suggestion", client.get("/rechercher/?q=guyde&theme=handicap&annee=2020")
    yield "list-empty-query", client.get("/ressources/?q=guyde&theme=handicap")
    yield "404", client.get("/nulle-part/")
    yield (
        "alert-errors",
        client.post("/alertes/", {"email": "pas-une-adresse", "scope": "resources"}),
    )
    yield "feedback-errors", client.post(f"/ressources/{resource.slug}/avis/", {})
    yield "alert", client.get("/alertes/?scope=resources&query=q%3Daller&label=Aller-vers")
    yield "alert-bad-link", client.get("/alertes/confirmer/faux/")
    yield "unsubscribe-bad-link", client.get("/alertes/desabonner/faux/")
    lab, project = LabFactory(), ProjectFactory()
    publication, contract = PublicationFactory(), ContractOfferFactory()
    for obj in (lab, project, publication, contract):
        yield type(obj).__name__, client.get(obj.get_absolute_url())
    for name in [
        "research:lab_list",
        "research:project_list",
        "research:publication_list",
        "research:contract_list",
    ]:
        yield name, client.get(reverse(name))
    yield from training_pages(client)
    yield from cycle_pages()
    for name in [
        "accessibility",
        "accessibility_plan",
        "accessibility_actions",
        "legal",
        "privacy",
        "site_map",
        "research:home",
        "hautes_etudes:home",
        "resources:agenda",
        "resources:observatory",
        "resources:training",
    ]:
        yield name, client.get(reverse(name))


def agenda_pages(client):
    import datetime

    from django.utils import timezone

    from resources.agenda.models import Event
    from resources.models import Territory

    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    for slug, extra in [
        ("webinaire-nu", {"is_online": True, "online_url": "https://v.example"}),
        ("journee-nu", {"departement": Territory.objects.get(kind="departement", code="59")}),
    ]:
        Event.objects.create(
            title=f"Rencontre {slug}",
            slug=slug,
            summary="Une rencontre.",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            status="published",
            publication_date=start - datetime.timedelta(days=10),
            **extra,
        )
    month = f"{start:%Y-%m}"
    yield (
        "agenda-filtered",
        client.get(f"/agenda/?departement=59-nord&format=en-ligne&mois={month}"),
    )
    yield "agenda-none", client.get("/agenda/?departement=33-gironde&format=sur-place")
    yield "search-events", client.get("/rechercher/?q=rencontre")


def training_pages(client):
    from resources.models import ResourceType
    from resources.training.demo import load_training_demo
    from resources.training.models import Practice, TrainingModule, TrainingSchool

    OrganisationFactory()
    ResourceFactory(resource_type=ResourceType.objects.get(slug="module-de-formation"))
    load_training_demo()
    module = TrainingModule.objects.select_related("resource").get()
    yield "finder", client.get("/se-former/?diplome=dees&departement=33-gironde")
    yield "finder-errors", client.get("/se-former/?diplome=inconnu&departement=")
    yield "diploma", client.get("/se-former/diplomes/deass/")
    yield "schools", client.get("/se-former/etablissements/?region=nouvelle-aquitaine")
    yield "school", client.get(TrainingSchool.objects.first().get_absolute_url())
    yield "practices", client.get("/pratiques-inspirantes/")
    yield (
        "practice",
        client.get(Practice.objects.filter(contact_consent=True)[0].get_absolute_url()),
    )
    yield "module", client.get(module.resource.get_absolute_url())
    yield "module-print", client.get(f"/ressources/{module.resource.slug}/module/imprimer/")


def cycle_pages():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from hautes_etudes.demo import load_hautes_etudes_demo
    from hautes_etudes.models import Edition

    load_hautes_etudes_demo()
    edition = Edition.objects.current()
    applicant = Client()
    yield "cycle-home", applicant.get("/hautes-etudes/")
    yield "cycle-past", applicant.get(Edition.objects.exclude(pk=edition.pk)[0].get_absolute_url())
    yield "apply-start", applicant.get("/hautes-etudes/candidater/")
    yield "apply-start-errors", applicant.post("/hautes-etudes/candidater/", {"email": "x"})
    yield (
        "apply-link-sent",
        applicant.post("/hautes-etudes/candidater/", {"email": "vnu@example.fr"}),
    )
    open_emailed_link(applicant)
    for step in ["identite", "situation", "motivation", "documents", "consentement"]:
        yield f"apply-{step}", applicant.get(f"/hautes-etudes/candidater/etapes/{step}/")
        yield (
            f"apply-{step}-errors",
            applicant.post(
                f"/hautes-etudes/candidater/etapes/{step}/",
                {"phone": "x", "cv": SimpleUploadedFile("cv.pdf", b"MZ not a PDF")},
            ),
        )
    yield "apply-summary", applicant.get("/hautes-etudes/candidater/recapitulatif/")
    yield "apply-bad-link", applicant.get("/hautes-etudes/candidater/reprendre/faux/")
    yield "employer-bad-link", applicant.get("/hautes-etudes/accord-employeur/faux/")
    yield from employer_and_place_pages(applicant)
    yield from call_pages()


def employer_and_place_pages(applicant):
    from hautes_etudes import services
    from hautes_etudes.models import Application

    application = Application.objects.get(email="vnu@example.fr")
    application.data = {**application.data, "employer_email": "drh@example.fr"}
    application.save()
    raw = services.ask_employer(application=application)
    url = f"/hautes-etudes/accord-employeur/{raw}/"
    yield "employer-agreement", applicant.get(url)
    yield "employer-agreement-errors", applicant.post(url, {"answer": "refus"})
    yield "place", applicant.get(f"/hautes-etudes/candidater/place/{application.signed('place')}/")


def call_pages():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from research.calls.demo import load_calls_demo

    load_calls_demo()
    client = Client()
    base = "/recherche/appels/recherches-actions-participatives-2026"
    yield "calls", client.get("/recherche/appels/")
    yield "call", client.get(f"{base}/")
    yield "call-closed", client.get("/recherche/appels/attractivite-des-metiers-du-social/")
    client.post(f"{base}/candidater/", {"email": "lab@example.fr"})
    open_emailed_link(client)
    for step in ["projet", "equipe", "participation", "budget", "documents", "consentement"]:
        yield (
            f"call-{step}-errors",
            client.post(
                f"{base}/candidater/etapes/{step}/",
                {"duration_months": "999", "cvs": SimpleUploadedFile("cv.pdf", b"MZ not a PDF")},
            ),
        )
    yield "call-summary", client.get(f"{base}/candidater/recapitulatif/")


def test_pages_have_no_html_errors(client, tmp_path):
    files = []
    for name, response in page_sources(client):
        assert response.status_code in (200, 400, 404), name
        path = tmp_path / f"{name.replace(':', '-')}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=180,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == [], "\n".join(errors)
