"""A backup with pg_dump restored with pg_restore into an empty database loses nothing: every
table has the same rows, byte for byte, including applications and their answers.

The source is a real database built like production (migrate, demo content, applications
through the public form), in subprocesses, so the data is committed for pg_dump to see."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest

from tests.support.names import server_url, unique_database_name

ROOT = Path(__file__).resolve().parents[2]
SERVER = server_url()
PREFIX = unique_database_name("backup")
pytestmark = pytest.mark.skipif(
    not urlparse(SERVER).scheme.startswith("postgres"), reason="PostgreSQL only"
)

SEED = r"""
from django.test import Client
from django.core.files.uploadedfile import SimpleUploadedFile
from hautes_etudes.demo import load_hautes_etudes_demo
import re
from django.conf import settings
from django.core import mail
load_hautes_etudes_demo()
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # to read the link
mail.outbox = []
client = Client()
client.post("/hautes-etudes/candidater/", {"email": "sauvegarde@example.fr"})
client.get(re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1))
for step, data in [
    ("identite", {"first_name": "Zoé", "last_name": "L'Hôpital", "phone": "0612345678"}),
    ("situation", {"position": "Élue", "employer": "Ville d'Arles", "employer_kind": "elected",
                   "category": "elected", "region": "provence-alpes-cote-dazur",
                   "experience_years": "9"}),
    ("motivation", {"motivation": "« Œuvrer » pour l'accès aux droits — 日本語 ✓ " * 10}),
    ("documents", {"cv": SimpleUploadedFile("cv.pdf", b"%PDF-1.4 cv"),
                   "employer_email": "dgs@arles.example.fr"}),
    ("consentement", {"consent": "on"}),
]:
    assert client.post(f"/hautes-etudes/candidater/etapes/{step}/", data).status_code == 302
assert client.post("/hautes-etudes/candidater/recapitulatif/").status_code == 302
"""


def url_for(name):
    return urlparse(SERVER)._replace(path=f"/{name}").geturl()


def admin(sql):
    with psycopg.connect(url_for("postgres"), autocommit=True) as connection:
        connection.execute(sql)


def fingerprint(name):
    """{table: (rows, md5 of all rows in a stable order)} for every table of the database."""
    result = {}
    with psycopg.connect(url_for(name)) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for table in tables:
            result[table] = connection.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), ''))"
                f' FROM "{table}" t'
            ).fetchone()
    return result


@pytest.fixture
def databases(tmp_path):
    source, target = f"{PREFIX}_source", f"{PREFIX}_target"
    for name in (source, target):
        admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{source}"')
    admin(f'CREATE DATABASE "{target}"')
    yield source, target
    for name in (source, target):
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_pg_dump_and_restore_lose_nothing(databases, tmp_path):
    source, target = databases
    env = {
        **os.environ,
        "DATABASE_URL": url_for(source),
        "DJANGO_DEBUG": "true",
        "INTS_PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "DJANGO_SETTINGS_MODULE": "ints_portal.settings",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, capture_output=True)
    subprocess.run(
        [*manage, "shell", "-c", SEED], env=env, check=True, cwd=ROOT, capture_output=True
    )

    dump = tmp_path / "ints.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", url_for(source)], check=True
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={url_for(target)}", str(dump)],
        check=True,
    )

    before, after = fingerprint(source), fingerprint(target)
    assert before["hautes_etudes_application"][0] == 17  # the demo's 16 and the one above
    assert before["resources_resource"][0] > 40
    assert before["resources_searchentry"][0] > 40
    assert after == before
    with psycopg.connect(url_for(target)) as connection:
        reference, data = connection.execute(
            "SELECT reference, data FROM hautes_etudes_application WHERE email = %s",
            ["sauvegarde@example.fr"],
        ).fetchone()
    assert reference.startswith("HE-")
    assert data["last_name"] == "L'Hôpital" and "日本語 ✓" in data["motivation"]
    # The restored database serves the portal: its search index still answers.
    env["DATABASE_URL"] = url_for(target)
    check = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from resources import search; from resources.models import "
            "SearchEntry; print(search.match(SearchEntry.objects.visible(), 'éducateur').count())",
        ],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert int(check.stdout.strip().splitlines()[-1]) > 0
