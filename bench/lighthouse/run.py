"""`make lighthouse`: Lighthouse scores of the home page, the resource list, a resource page and
the application form, on production settings behind gunicorn, with Debian's Chromium.

Builds its own database (migrate + demo content), writes bench/LIGHTHOUSE.md."""

import datetime
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ints")
DATABASE = "ints_lighthouse"
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def url_for(name):
    return urlsplit(SERVER)._replace(path=f"/{name}").geturl()


def main():
    with psycopg.connect(url_for("postgres"), autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INTS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="ints_portal.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        INTS_SITE_URL="https://ints.example.gouv.fr",
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=url_for(DATABASE),
        DJANGO_LOG_LEVEL="WARNING",
    )
    for command in (
        ["collectstatic", "--noinput", "-v0"],
        ["migrate", "--noinput", "-v0"],
        ["load_demo"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    detail = (
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from resources.models import Resource; "
                "print(Resource.objects.published().order_by('pk')[0].get_absolute_url())",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "ints_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                requests.get(f"http://localhost:{port}/sante/", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        pages = [
            ("Accueil", "/"),
            ("Liste des ressources", "/ressources/"),
            ("Fiche ressource", detail),
            ("Formulaire de candidature", "/hautes-etudes/candidater/"),
        ]
        for _label, path in pages * 2:  # warm the workers up: Lighthouse measures one load
            requests.get(f"http://localhost:{port}{path}", timeout=30)
        rows = []
        for label, path in pages:
            runs = []
            for _ in range(RUNS):  # Lighthouse's advice: the median of several runs
                done = subprocess.run(
                    [
                        str(LIGHTHOUSE),
                        f"http://localhost:{port}{path}",
                        "--output=json",
                        "--output-path=stdout",
                        "--quiet",
                        f"--chrome-path={CHROMIUM}",
                        "--chrome-flags=--headless=new --no-sandbox",
                        f"--only-categories={','.join(CATEGORIES)}",
                    ],
                    capture_output=True,
                    text=True,
                    timeout=300,
                )
                categories = json.loads(done.stdout)["categories"]
                runs.append([round(categories[c]["score"] * 100) for c in CATEGORIES])
            scores = [statistics.median(values) for values in zip(*runs, strict=True)]
            rows.append(f"| {label} (`{path}`) | " + " | ".join(f"{v:g}" for v in scores) + " |")
            print(label, runs, flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)
    report = "\n".join(
        [
            "# Lighthouse",
            "",
            f"{datetime.date.today():%d/%m/%Y}, `make lighthouse`: Lighthouse "
            "(mobile profile, simulated throttling, median of 3 runs) with Debian's Chromium, "
            "production settings, "
            f"gunicorn, demo content; {os.cpu_count()} cores.",
            "",
            "| Page | Performance | Accessibility | Best practices | SEO |",
            "|---|---|---|---|---|",
            *rows,
            "",
            "Targets: performance ≥ 95, the three others 100.",
            "",
        ]
    )
    (ROOT / "bench" / "LIGHTHOUSE.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
