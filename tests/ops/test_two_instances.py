"""Two gunicorn instances on different ports, one PostgreSQL, one Redis, one bucket (SeaweedFS)
and a local disk each: requests spread over both, an application started on one and finished
on the other, its document uploaded on one and downloaded on the other, rate limits and the
page cache shared."""

import fcntl
import re
import secrets
import subprocess
import sys
from pathlib import Path

import boto3
import psycopg
import pytest
import requests
from django_otp.oath import totp

from tests.faults.test_faults import PDF, Applicant, queued_link
from tests.support.names import database_url as url_for
from tests.support.portal_process import (
    create_database,
    drop_database,
    production_env,
    wait_until_healthy,
)
from tests.support.ports import free_port
from tests.support.redis import RedisServer, redis_server_installed

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(not redis_server_installed(), reason="redis-server is missing")


@pytest.fixture
def shared_redis():
    """The one Redis both instances share: a redis-server of the test's own (free port)."""
    server = RedisServer().start()
    yield server.url
    server.stop()


@pytest.fixture
def instances(tmp_path, seaweedfs, shared_redis):
    name = create_database("two")
    env = production_env(
        database_url=url_for(name),
        REDIS_URL=shared_redis,
        **seaweedfs.environment(seaweedfs.new_bucket()),
        INTS_APPLICATION_RATE_LIMIT="4",
        INTS_PAGE_CACHE_SECONDS="300",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        DJANGO_EMAIL_FILE_PATH=str(tmp_path / "mail"),
    )
    manage = [sys.executable, "manage.py"]
    lock_path = ROOT / "var" / ".collectstatic.lock"
    lock_path.parent.mkdir(exist_ok=True)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for command in (
            ["collectstatic", "--noinput", "-v0"],
            ["migrate", "--noinput", "-v0"],
            [
                "shell",
                "-c",
                "from hautes_etudes.demo import load_hautes_etudes_demo;load_hautes_etudes_demo()",
            ],
        ):
            done = subprocess.run(
                [*manage, *command], cwd=ROOT, env=env, capture_output=True, text=True
            )
            assert done.returncode == 0, done.stderr[-3000:]
    processes, bases = [], []
    for disk in ("disk-a", "disk-b"):  # each host has its own disk, which nobody else sees
        port = free_port()
        processes.append(
            subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "ints_portal.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env={**env, "INTS_PRIVATE_MEDIA_ROOT": str(tmp_path / disk)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    for base in bases:
        wait_until_healthy(base, timeout=45)
    yield bases, env, name
    for process in processes:
        process.terminate()
        process.wait(timeout=20)
    drop_database(name)


def seaweedfs_client(env):
    return boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )


def staff_session(base, env):
    """A superuser logged in on `base` through the back-office's password and TOTP pages."""
    password, key = secrets.token_urlsafe(16), secrets.token_hex(20)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.contrib.auth.models import User;"
            "from django_otp.plugins.otp_totp.models import TOTPDevice;"
            f"u = User.objects.create_superuser('secretariat', 's@example.fr', '{password}');"
            f"TOTPDevice.objects.create(user=u, name='app', confirmed=True, key='{key}')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    staff = Applicant(base)
    staff.get("/admin/login/")
    response = staff.post(
        "/admin/login/", {"username": "secretariat", "password": password, "next": "/admin/"}
    )
    assert response.status_code == 302, response.text[-2000:]
    location = response.headers["Location"]
    while (page := staff.get(location)).status_code == 302:  # the index sends to the TOTP page
        location = page.headers["Location"]
    assert "Double authentification" in page.text
    response = staff.post(location, {"token": f"{totp(bytes.fromhex(key)):06d}", "next": "/admin/"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    return staff


def test_an_application_started_on_one_instance_is_finished_on_the_other(instances, tmp_path):
    (first, second), env, name = instances
    applicant = Applicant(first)
    applicant.get("/hautes-etudes/candidater/")
    assert (
        applicant.post("/hautes-etudes/candidater/", {"email": "deux@example.fr"}).status_code
        == 200
    )
    link = queued_link(env, "deux@example.fr")
    assert applicant.get(link).status_code == 302
    applicant.get("/hautes-etudes/candidater/etapes/identite/")
    applicant.post(
        "/hautes-etudes/candidater/etapes/identite/",
        {"first_name": "Jo", "last_name": "Deux", "phone": "0612345678"},
    )
    applicant.post(
        "/hautes-etudes/candidater/etapes/documents/",
        {"employer_email": "rh@example.fr"},
        {"cv": ("cv.pdf", PDF, "application/pdf")},
    )

    applicant.base = second  # the load balancer sends the next requests elsewhere
    page = applicant.get("/hautes-etudes/candidater/etapes/identite/").text
    assert 'value="Deux"' in page
    assert (
        "Document déjà déposé" in applicant.get("/hautes-etudes/candidater/etapes/documents/").text
    )
    for step, data in [
        (
            "situation",
            {
                "position": "DGS",
                "employer": "Mairie",
                "employer_kind": "local",
                "category": "local_executive",
                "region": "bretagne",
                "experience_years": "15",
            },
        ),
        ("motivation", {"motivation": "Une motivation largement assez longue. " * 10}),
        ("consentement", {"consent": "on"}),
    ]:
        assert applicant.post(f"/hautes-etudes/candidater/etapes/{step}/", data).status_code == 302
    assert applicant.post("/hautes-etudes/candidater/recapitulatif/", {}).status_code == 302
    applicant.base = first
    reference = re.search(
        r"Candidature (HE-\d{4}-0001)", applicant.get("/hautes-etudes/candidater/suivi/").text
    ).group(1)
    with psycopg.connect(url_for(name)) as connection:
        assert (
            connection.execute(
                "SELECT count(*) FROM hautes_etudes_application WHERE reference = %s", [reference]
            ).fetchone()[0]
            == 1
        )
        application_id, cv_id, key = connection.execute(
            "SELECT a.id, d.id, d.file FROM hautes_etudes_application a "
            "JOIN hautes_etudes_attachment d ON d.application_id = a.id "
            "WHERE a.reference = %s AND d.slot = 'cv'",
            [reference],
        ).fetchone()

    # The CV went up through the first instance; the secretariat reads it through the second.
    bucket = env["AWS_STORAGE_BUCKET_NAME"]
    assert seaweedfs_client(env).head_object(Bucket=bucket, Key=key)["ContentLength"] == len(PDF)
    assert not [path for path in tmp_path.glob("disk-*/**/*") if path.is_file()]
    secretariat = staff_session(second, env)
    response = secretariat.get(
        f"/admin/hautes_etudes/application/{application_id}/fichiers/{cv_id}/"
    )
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["Content-Disposition"] == f'attachment; filename="{reference}-cv.pdf"'


def test_load_is_spread_and_limits_and_cache_are_shared(instances):
    (first, second), env, name = instances
    for n in range(20):
        assert requests.get((first, second)[n % 2] + "/", timeout=10).status_code == 200
    # Rate limit (4 starts per hour) counted across instances through Redis.
    codes = []
    for n, base in enumerate([first, second, first, second, first]):
        applicant = Applicant(base)
        applicant.get("/hautes-etudes/candidater/")
        codes.append(
            applicant.post(
                "/hautes-etudes/candidater/", {"email": f"limite{n}@example.fr"}
            ).status_code
        )
    assert codes == [200, 200, 200, 200, 429]  # « a link is on its way », then the limit
    # Page cache: filled on both, emptied for both by one publication.
    for base in (first, second):
        requests.get(base + "/hautes-etudes/", timeout=10)
        assert (
            requests.get(base + "/hautes-etudes/", timeout=10).headers.get("X-Page-Cache") == "hit"
        )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from hautes_etudes.models import Edition; e = Edition.objects.order_by('-year')[0]; "
            "e.theme = 'Thème changé par un curateur'; e.save()",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    response = requests.get(second + "/hautes-etudes/", timeout=10)
    assert "X-Page-Cache" not in response.headers
    assert "Thème changé par un curateur" in response.text
