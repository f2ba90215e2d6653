"""Faults under load (`make test-faults`, not part of `make test`: it restarts PostgreSQL).

The portal runs under gunicorn with production settings on a fresh PostgreSQL database.
Threads on loopback send complete applications to the cycle and to a call for projects (every
step, a PDF, the final submission) for a bounded time. Meanwhile a gunicorn worker is killed
(SIGKILL) and PostgreSQL is restarted. Afterwards every submission whose acknowledgement (the
reference number on the status page) reached its sender is in the database exactly once, and
the portal answers normally again without being restarted."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
import requests

from tests.support.names import database_url as url_for
from tests.support.portal_process import (
    create_database,
    drop_database,
    production_env,
    wait_until_healthy,
)
from tests.support.ports import free_port

pytestmark = pytest.mark.faults
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DURATION = float(os.environ.get("INTS_FAULTS_SECONDS", "24"))
THREADS = 6
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CALL = "recherches-actions-participatives-2026"


class Applicant:
    """A browser without a browser: keeps its cookies (even the Secure ones, on loopback)."""

    def __init__(self, base):
        self.base, self.cookies, self.token = base, {}, None

    def _send(self, method, path, **kwargs):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        response = requests.request(
            method, self.base + path, headers=headers, timeout=15, allow_redirects=False, **kwargs
        )
        self.cookies.update(response.cookies.get_dict())
        match = TOKEN.search(response.text)
        if match:
            self.token = match.group(1)
        return response

    def get(self, path):
        return self._send("GET", path)

    def post(self, path, data, files=None):
        return self._send(
            "POST", path, data={**data, "csrfmiddlewaretoken": self.token}, files=files
        )


CYCLE_STEPS = [
    ("identite", {"first_name": "Charge", "last_name": "Test", "phone": "0612345678"}, None),
    (
        "situation",
        {
            "position": "Directrice",
            "employer": "CCAS",
            "employer_kind": "local",
            "category": "field",
            "region": "bretagne",
            "experience_years": "10",
        },
        None,
    ),
    ("motivation", {"motivation": "Une motivation suffisamment longue pour le cycle. " * 8}, None),
    ("documents", {"employer_email": "rh@example.fr"}, "cv"),
    ("consentement", {"consent": "on"}, None),
]
CALL_STEPS = [
    (
        "projet",
        {
            "project_title": "Projet",
            "summary": "Résumé.",
            "schedule": "Deux ans.",
            "duration_months": "24",
        },
        None,
    ),
    ("equipe", {"lead_name": "Porteur", "lead_role": "MCF", "lab_name": "Labo"}, None),
    ("participation", {"practitioners": "Oui.", "people_supported": "Oui."}, None),
    ("budget", {"amount_requested": "40000", "budget_breakdown": "Frais."}, None),
    ("documents", {}, "project_file+cvs"),
    ("consentement", {"consent": "on"}, None),
]


# Where the servers write their emails (file backend): the fixture sets it.
MAIL = {}


RENDER_LAST = """
from core.models import OutboxMessage
message = OutboxMessage.objects.filter(recipients__contains=[{to!r}]).order_by("-id").first()
print(message.as_email().body if message else "")
"""


def queued_link(env, to, *, attempts=20):
    """The path of the last link the portal queued for `to`, rendered as the worker renders it
    when it sends (the outbox stores no usable link; these servers may run without a worker)."""
    for _ in range(attempts):
        body = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", RENDER_LAST.format(to=to)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        if match := re.search(r"https?://[^/\s]+(/\S+)", body):
            return match.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no link queued for {to}")


def emailed_link(mail_dir, to, *, attempts=50):
    """The path of the last link emailed to `to` by a server using the file backend."""
    import email as email_parser

    for _ in range(attempts):
        found = None
        for path in sorted(Path(mail_dir).glob("*"), key=lambda p: p.stat().st_mtime):
            for raw in path.read_bytes().split(b"-" * 79):
                message = email_parser.message_from_bytes(raw.strip())
                if to not in (message.get("To") or ""):
                    continue
                for part in message.walk():
                    if part.get_content_type() == "text/plain":
                        charset = part.get_content_charset() or "utf-8"
                        body = part.get_payload(decode=True).decode(charset)
                        match = re.search(r"https?://[^/\s]+(/\S+)", body)
                        found = match.group(1) if match else found
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"no link emailed to {to}")


def apply_once(base, kind, email):
    """One complete application; returns its reference if the acknowledgement arrived."""
    prefix = (
        "/hautes-etudes/candidater" if kind == "cycle" else f"/recherche/appels/{CALL}/candidater"
    )
    steps = CYCLE_STEPS if kind == "cycle" else CALL_STEPS
    applicant = Applicant(base)
    applicant.get(f"{prefix}/")
    if applicant.post(f"{prefix}/", {"email": email}).status_code != 200:
        return None
    applicant.get(emailed_link(MAIL["dir"], email))  # the start form sends the link
    for slug, data, files in steps:
        applicant.get(f"{prefix}/etapes/{slug}/")
        upload = (
            {name: (f"{name}.pdf", PDF, "application/pdf") for name in files.split("+")}
            if files
            else None
        )
        if applicant.post(f"{prefix}/etapes/{slug}/", data, upload).status_code != 302:
            return None
    applicant.get(f"{prefix}/recapitulatif/")
    if applicant.post(f"{prefix}/recapitulatif/", {}).status_code != 302:
        return None
    status = applicant.get(f"{prefix}/suivi/")
    match = re.search(r"Candidature ((?:HE|AAP)-\d{4}-\d{4})", status.text)
    return match.group(1) if match else None


@pytest.fixture
def portal(tmp_path):
    name = create_database("faults")
    env = production_env(
        database_url=url_for(name),
        INTS_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        INTS_APPLICATION_RATE_LIMIT="100000",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        DJANGO_EMAIL_FILE_PATH=str(tmp_path / "mail"),
    )
    MAIL["dir"] = tmp_path / "mail"
    manage = [sys.executable, "manage.py"]
    for command in (
        ["collectstatic", "--noinput", "-v0"],
        ["migrate", "--noinput", "-v0"],
        [
            "shell",
            "-c",
            "from hautes_etudes.demo import load_hautes_etudes_demo as h;"
            "from research.calls.demo import load_calls_demo as c; h(); c()",
        ],
    ):
        done = subprocess.run(
            [*manage, *command], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-3000:]
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    master = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "ints_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--timeout",
            "30",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_healthy(base)
    yield base, master, name
    master.terminate()
    master.wait(timeout=20)
    log.close()
    drop_database(name)


def restart_postgresql():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
    )


def wait_for_postgresql():
    for _ in range(100):
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0:
            return
        time.sleep(0.2)
    raise AssertionError("PostgreSQL did not come back")


def test_acknowledged_submissions_survive_worker_kill_and_database_restart(portal):
    base, master, name = portal
    acknowledged, attempts, errors = [], [0], []
    deadline = time.monotonic() + DURATION

    def worker(n):
        i = 0
        while time.monotonic() < deadline:
            i += 1
            kind = "cycle" if (n + i) % 2 else "call"
            attempts[0] += 1
            try:
                reference = apply_once(base, kind, f"t{n}-{i}@example.fr")
            except requests.RequestException as exc:  # the faults below: expected
                errors.append(type(exc).__name__)
                continue
            if reference:
                acknowledged.append(reference)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(DURATION / 4)
    workers = [
        int(pid)
        for pid in subprocess.run(
            ["pgrep", "-P", str(master.pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    assert workers, "no gunicorn worker to kill"
    os.kill(workers[0], signal.SIGKILL)
    time.sleep(DURATION / 4)
    restart_postgresql()
    for thread in threads:
        thread.join(timeout=DURATION + 60)
    wait_for_postgresql()

    assert len(acknowledged) >= 10, (len(acknowledged), attempts, errors[:10])
    assert len(set(acknowledged)) == len(acknowledged), "one reference acknowledged twice"
    with psycopg.connect(url_for(name)) as connection:
        for table in ("hautes_etudes_application", "research_callapplication"):
            duplicates = connection.execute(
                f"SELECT reference, count(*) FROM {table} WHERE reference IS NOT NULL "
                "GROUP BY reference HAVING count(*) > 1"
            ).fetchall()
            assert duplicates == []
        stored = {
            row[0]
            for table in ("hautes_etudes_application", "research_callapplication")
            for row in connection.execute(
                f"SELECT reference FROM {table} WHERE reference IS NOT NULL"
            )
        }
    missing = [reference for reference in acknowledged if reference not in stored]
    assert missing == [], f"acknowledged but not stored: {missing}"

    # The portal answers normally again, without a restart: pages and a whole application.
    assert master.poll() is None
    for path in ["/", "/hautes-etudes/", "/sante/"]:
        assert requests.get(base + path, timeout=10).status_code == 200
    assert apply_once(base, "cycle", "apres-les-pannes@example.fr")
    print(
        f"\n{attempts[0]} tentatives, {len(acknowledged)} accusés de réception, "
        f"{len(errors)} erreurs réseau pendant les pannes"
    )
