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
    ProjectFactory,
    PublicationFactory,
    ResourceFactory,
)

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
    yield "404", client.get("/nulle-part/")
    yield (
        "alert-errors",
        client.post("/alertes/", {"email": "pas-une-adresse", "scope": "resources"}),
    )
    yield "feedback-errors", client.post(f"/ressources/{resource.slug}/avis/", {})
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
    for name in [
        "accessibility",
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
