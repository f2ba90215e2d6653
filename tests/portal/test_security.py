import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import ResourceFactory
from tests.helpers import sitemap_text

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="ints.example.gouv.fr",
        DJANGO_SETTINGS_MODULE="ints_portal.settings",
    )
    env.update(extra)
    return env


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY is required"),
        ({"DJANGO_SECRET_KEY": "short"}, "too weak"),
        ({"DJANGO_DEBUG": "False!"}, "DJANGO_DEBUG must be true or false"),
        ({"INTS_SITE_URL": ""}, "INTS_SITE_URL is required"),
        ({"INTS_SITE_URL": "http://ints.example.gouv.fr"}, "must start with https://"),
        ({"INTS_TRUSTED_PROXIES": "10.0.0.0/8,proxy"}, "INTS_TRUSTED_PROXIES"),
        (
            {"AWS_S3_ENDPOINT_URL": "https://s3.example.fr", "AWS_STORAGE_BUCKET_NAME": "ints"},
            "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY must be set too",
        ),
    ],
)
def test_production_refuses_bad_configuration(extra, message):
    result = run_manage("check", env=production_env(**extra))
    assert result.returncode != 0
    assert message in result.stderr


def test_the_four_aws_variables_put_every_stored_file_in_a_private_bucket():
    bucket = {
        "AWS_S3_ENDPOINT_URL": "https://s3.example.fr",
        "AWS_STORAGE_BUCKET_NAME": "ints-fichiers",
        "AWS_ACCESS_KEY_ID": "ints",
        "AWS_SECRET_ACCESS_KEY": "secret",
    }
    show = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.default_acl, s.file_overwrite);"
        "print(s.url('hautes_etudes/attachment/cv.pdf'))"
    )
    result = run_manage("shell", "-c", show, env=production_env(**bucket))
    assert result.returncode == 0, result.stderr
    storage, url = result.stdout.strip().splitlines()[-2:]
    assert storage == "S3Storage private False"
    assert url.startswith("https://s3.example.fr/ints-fichiers/hautes_etudes/attachment/cv.pdf?")
    assert "X-Amz-Expires=60&" in url


def test_health_answers_503_when_the_database_is_unreachable():
    script = (
        "import django;django.setup();from django.test import Client;"
        "r=Client().get('/sante/', headers={'host': 'ints.example.gouv.fr'}, secure=True);"
        "print(r.status_code, r.content.decode())"
    )
    env = production_env(DATABASE_URL="postgres://postgres@127.0.0.1:1/absente")
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, body = result.stdout.strip().split(" ", 1)
    assert (status, json.loads(body)) == (
        "503",
        {"status": "erreur", "database": "injoignable", "redis": "intégré", "worker": "intégré"},
    )


@pytest.mark.django_db
def test_health_answers_200_with_the_database(client):
    response = client.get("/sante/")
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "intégré",
        "worker": "intégré",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/ressources/",
        "/rechercher/?q=enfance",
        "/sante/",
        "/accessibilite/",
        "/ressources/inexistante/",
        "/agenda/",
        "/observatoire/",
        "/se-former/",
        "/pratiques-inspirantes/",
        "/territoires/",
        "/recherche/",
        "/recherche/appels/",
        "/hautes-etudes/",
        "/hautes-etudes/candidater/",
        "/plan-du-site/",
        "/sitemap.xml",
        "/ressources/flux/rss/",
        "/oai/?verb=Identify",
        "/admin/login/",
    ],
)
def test_every_page_sends_the_security_headers(client, path):
    ResourceFactory()
    response = client.get(path, secure=True)

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    if response["Content-Type"].startswith("text/html") and not path.startswith("/admin/"):
        assert "'nonce-" in csp  # the admin has no inline script at all: 'self' is enough
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_scripts_carry_the_request_nonce_and_no_inline_handlers(client):
    resource = ResourceFactory()
    response = client.get(resource.get_absolute_url())
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"')
    assert " onclick=" not in html and " style=" not in html


@pytest.mark.django_db
def test_every_url_of_the_sitemap_sends_the_security_headers(client):
    """Every public page the portal lists, whatever its pillar, with demo content."""
    import re

    from hautes_etudes.demo import load_hautes_etudes_demo
    from research.calls.demo import load_calls_demo
    from resources.agenda.demo import load_agenda_demo
    from resources.models import ResourceType
    from resources.training.demo import load_training_demo
    from tests.factories import OrganisationFactory

    OrganisationFactory.create_batch(3)
    ResourceFactory(resource_type=ResourceType.objects.get(slug="module-de-formation"))
    load_agenda_demo()
    load_training_demo()
    load_calls_demo()
    load_hautes_etudes_demo()
    sitemap = sitemap_text(client, secure=True)
    paths = sorted(
        {re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)", sitemap)}
    )
    assert len(paths) > 100  # the demo: 22 events, 38 schools, 15 diplomas, 12 practices…
    checked = set()
    for path in paths:
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp, path
        if "<script" in response.content.decode():
            assert "'nonce-" in csp, path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert "max-age=31536000" in response["Strict-Transport-Security"], path
        checked.add(path.split("/")[1])
    assert {"ressources", "agenda", "se-former", "recherche", "hautes-etudes"} <= checked
